/// A Lua value copied into Swift.
///
/// Lua keeps integers and floats apart, and so does `LuaValue`: `3` is
/// `.int(3)` while `3.0` is `.number(3.0)`. Strings are byte strings in Lua;
/// they are decoded as UTF-8, replacing invalid sequences.
public enum LuaValue: Hashable {
    case `nil`
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case table(LuaTable)
    case function(LuaFunction)

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer, if this is an integer or a float with an integral value.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    /// The number as a `Double`, if this is an integer or a float.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The boolean, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The table, if this is a table.
    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    /// The function, if this is a function.
    public var functionValue: LuaFunction? {
        if case .function(let f) = self { return f }
        return nil
    }

    /// Whether this is `nil`.
    public var isNil: Bool { self == .nil }

    /// Lua's name for the type: "nil", "boolean", "number", "string", "table" or "function".
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "boolean"
        case .int, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension LuaValue {
    /// About the bytes Lua allocates for this value (a string's bytes and header, a table's slots),
    /// to check a result against the memory left before building it.
    var estimatedBytes: Int {
        switch self {
        case .nil, .bool, .int, .number, .function: return 16
        case .string(let text): return 40 + text.utf8.count
        case .table(let table):
            var bytes = 64 + 16 * table.array.count
            for element in table.array { bytes += element.estimatedBytes }
            for (key, value) in table.fields { bytes += 32 + 40 + key.utf8.count + value.estimatedBytes }
            for (key, value) in table.otherKeys { bytes += 32 + key.estimatedBytes + value.estimatedBytes }
            return bytes
        }
    }

    /// How many values building this one makes, itself included.
    var valueCount: Int {
        guard case .table(let table) = self else { return 1 }
        return 1 + table.array.reduce(0) { $0 + $1.valueCount } + table.fields.values.reduce(0) { $0 + $1.valueCount }
            + table.otherKeys.reduce(0) { $0 + $1.key.valueCount + $1.value.valueCount }
    }
}
