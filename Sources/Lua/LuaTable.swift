/// An eager copy of a Lua table (not a live view of it).
///
/// - `array` holds the sequence `t[1] ... t[n]`, where `n` is the largest
///   index such that every key from 1 to n is present.
/// - `fields` holds every string key.
/// - `otherKeys` holds everything else: integer keys outside the sequence
///   (holes, 0, negatives), non-integral float keys, booleans, and table or
///   function keys.
///
/// Converting from Lua fails (with a `LuaError`, or a Lua error when the
/// conversion feeds a Swift function) on tables nested deeper than
/// `LuaTable.maximumDepth`, on cycles, and on values Swift cannot
/// represent (coroutines, userdata). A table reachable twice without a
/// cycle is copied twice, and one conversion (in either direction) copies at
/// most `LuaTable.maximumValues` values, repeats included.
public struct LuaTable: Hashable {
    /// How deeply tables may nest when converted in either direction.
    public static let maximumDepth = 32

    /// How many values one conversion of a single value may copy, in either
    /// direction. Every copy of a shared table counts again, so a small but
    /// widely shared structure (`t = {t, t}` nested 30 deep) fails quickly
    /// instead of copying 2^30 tables.
    public static let maximumValues = 1_000_000

    public var array: [LuaValue]
    public var fields: [String: LuaValue]
    public var otherKeys: [LuaValue: LuaValue]
    /// A metatable the state keeps (``LuaState/keepMetatable(fromGlobal:)``), given to the table
    /// when it is pushed into that state; ignored by any other state. Tables read from Lua have none.
    public var metatable: LuaMetatable?

    public init(array: [LuaValue] = [], fields: [String: LuaValue] = [:], otherKeys: [LuaValue: LuaValue] = [:]) {
        self.array = array
        self.fields = fields
        self.otherKeys = otherKeys
    }

    /// The value of a string key, `.nil` when absent.
    public subscript(key: String) -> LuaValue {
        fields[key] ?? .nil
    }

    /// Whether the table has no entries at all.
    public var isEmpty: Bool { array.isEmpty && fields.isEmpty && otherKeys.isEmpty }
}

/// A table kept in one state's registry, to be the metatable of tables pushed into that state
/// (cheaper than a Lua `setmetatable` call for each one).
public struct LuaMetatable: Hashable, Sendable {
    let ref: Int32
    let owner: ObjectIdentifier
}

extension LuaValue {
    /// The same table, given `metatable` when pushed (see ``LuaTable/metatable``); any other value as it is.
    public func withMetatable(_ metatable: LuaMetatable?) -> LuaValue {
        guard case .table(var table) = self, let metatable else { return self }
        table.metatable = metatable
        return .table(table)
    }
}
