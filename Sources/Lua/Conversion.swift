// swift-format-ignore-file: AlwaysUseLowerCamelCase

// `L` is the Lua C API's name for a lua_State.
import CLua

/// Why a value could not cross between Lua and Swift.
struct ConversionError: Error {
    var message: String

    /// Prefixes the key path, e.g. "at .computers[3]: table contains a cycle".
    func inside(_ key: String) -> ConversionError {
        if message.hasPrefix("at ") {
            return ConversionError(message: "at \(key)" + message.dropFirst(3))
        }
        return ConversionError(message: "at \(key): \(message)")
    }
}

/// The bytes of a NUL-terminated buffer, decoded as UTF-8 (lossy).
func decodeCString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

extension LuaCore {
    // MARK: Swift to Lua (host mode and a few free stack slots required)

    func pushString(_ string: String, on L: OpaquePointer) {
        var string = string
        string.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                _ = lua_pushlstring(L, chars.baseAddress, chars.count)
            }
        }
    }

    func push(_ value: LuaValue, on L: OpaquePointer) throws(ConversionError) {
        var remaining = LuaTable.maximumValues
        try push(value, on: L, depth: 0, remaining: &remaining)
    }

    /// `remaining` counts down every value pushed, repeats included: a Swift
    /// value sharing one table at many places (cheap in Swift) would
    /// otherwise make an exponential number of Lua tables.
    private func push(
        _ value: LuaValue, on L: OpaquePointer, depth: Int, remaining: inout Int
    ) throws(ConversionError) {
        guard lua_checkstack(L, 4) != 0 else { throw ConversionError(message: "Lua stack overflow") }
        remaining -= 1
        guard remaining >= 0 else { throw Self.tooManyValues }
        switch value {
        case .nil: lua_pushnil(L)
        case .bool(let b): lua_pushboolean(L, b ? 1 : 0)
        case .int(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): pushString(s, on: L)
        case .function(let f):
            guard f.core === self, f.ref >= 0 else {
                throw ConversionError(message: "the function belongs to another Lua state")
            }
            lua_rawgeti(L, clua_registryindex(), lua_Integer(f.ref))
        case .table(let t):
            guard depth < LuaTable.maximumDepth else {
                throw ConversionError(message: "tables nested deeper than \(LuaTable.maximumDepth) levels")
            }
            lua_createtable(L, Int32(clamping: t.array.count), Int32(clamping: t.fields.count))
            for (i, element) in t.array.enumerated() {
                do throws(ConversionError) {
                    try push(element, on: L, depth: depth + 1, remaining: &remaining)
                } catch {
                    throw error.inside("[\(i + 1)]")
                }
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            for (key, field) in t.fields {
                pushString(key, on: L)
                do throws(ConversionError) {
                    try push(field, on: L, depth: depth + 1, remaining: &remaining)
                } catch {
                    throw error.inside(".\(key)")
                }
                lua_rawset(L, -3)
            }
            for (key, field) in t.otherKeys {
                switch key {
                case .nil: throw ConversionError(message: "nil cannot be a table key")
                case .number(let d) where d.isNaN: throw ConversionError(message: "NaN cannot be a table key")
                default: break
                }
                try push(key, on: L, depth: depth + 1, remaining: &remaining)
                try push(field, on: L, depth: depth + 1, remaining: &remaining)
                lua_rawset(L, -3)
            }
            if let metatable = t.metatable, metatable.owner == ObjectIdentifier(self) {
                lua_rawgeti(L, clua_registryindex(), lua_Integer(metatable.ref))
                lua_setmetatable(L, -2)
            }
        }
    }

    // MARK: Lua to Swift (host mode required: functions become registry references)

    func string(at index: Int32, on L: OpaquePointer) -> String? {
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        guard let chars = lua_tolstring(L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: chars, count: length), as: UTF8.self)
    }

    func typeName(at index: Int32, on L: OpaquePointer) -> String {
        String(cString: lua_typename(L, lua_type(L, index)))
    }

    /// Copies the value at `index` into Swift.
    ///
    /// - Parameter sharing: whether a table may appear at two places. Tables are copied, so a
    ///   table reachable along many paths is copied once per path (`t = {t, t}` nested 30 deep
    ///   has 2^30 paths): arguments of Swift functions refuse it outright, other conversions
    ///   are bounded by `LuaTable.maximumValues`. Either way the work is charged to the call's
    ///   budget (`chargePerValue` per value) once the Swift function returns.
    func value(at index: Int32, on L: OpaquePointer, sharing: Bool = true) throws(ConversionError) -> LuaValue {
        // No more values than the budget left pays for: a conversion the call cannot afford stops
        // early, and its deferred charge then trips the budget.
        let affordable = clua_budget_room(L) / Int64(Self.chargePerValue) + 1
        var walk = Walk(sharing: sharing, remaining: Int(min(Int64(LuaTable.maximumValues), affordable)))
        let allowed = walk.remaining
        defer { clua_defer_charge(L, Int64(Self.chargePerValue * (allowed - walk.remaining))) }
        return try value(at: lua_absindex(L, index), on: L, depth: 0, walk: &walk)
    }

    /// Instructions charged per value converted: copying a value into Swift costs about what 30 to 60 VM
    /// instructions do (measured by stationbench's hostile cases).
    static let chargePerValue = 32

    /// The state of one Lua-to-Swift conversion: the tables on the current path (a cycle), the
    /// tables met so far (when sharing is refused), and how many values may still be copied.
    private struct Walk {
        var sharing: Bool
        var visiting: Set<UnsafeRawPointer> = []
        var seen: Set<UnsafeRawPointer> = []
        var remaining: Int
    }

    private static var tooManyValues: ConversionError {
        ConversionError(
            message: "more than \(LuaTable.maximumValues) values to convert (tables shared at many places count each time)")
    }

    private func value(
        at index: Int32, on L: OpaquePointer, depth: Int, walk: inout Walk
    ) throws(ConversionError) -> LuaValue {
        walk.remaining -= 1
        guard walk.remaining >= 0 else { throw Self.tooManyValues }
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .int(lua_tointegerx(L, index, nil)) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            return .string(string(at: index, on: L) ?? "")
        case LUA_TFUNCTION:
            guard lua_checkstack(L, 2) != 0 else { throw ConversionError(message: "Lua stack overflow") }
            lua_pushvalue(L, index)
            return .function(popFunction(on: L))
        case LUA_TTABLE:
            return .table(try table(at: index, on: L, depth: depth, walk: &walk))
        default:
            throw ConversionError(message: "\(typeName(at: index, on: L)) values cannot be passed to Swift")
        }
    }

    /// `.name`, `[3]` or `[boolean key]`: where in a table a conversion failed (only built then).
    private func keyText(at index: Int32, keyType: Int32, isInteger: Bool, on L: OpaquePointer) -> String {
        if keyType == LUA_TSTRING { return ".\(string(at: index, on: L) ?? "")" }
        if isInteger { return "[\(lua_tointegerx(L, index, nil))]" }
        return "[\(typeName(at: index, on: L)) key]"
    }

    private func table(
        at index: Int32, on L: OpaquePointer, depth: Int, walk: inout Walk
    ) throws(ConversionError) -> LuaTable {
        guard depth < LuaTable.maximumDepth else {
            throw ConversionError(message: "tables nested deeper than \(LuaTable.maximumDepth) levels")
        }
        guard let identity = lua_topointer(L, index), walk.visiting.insert(identity).inserted else {
            throw ConversionError(message: "the table contains itself (a cycle)")
        }
        defer { walk.visiting.remove(identity) }
        guard walk.sharing || walk.seen.insert(identity).inserted else {
            throw ConversionError(message: "the same table appears twice (shared by two fields): pass a tree of distinct tables")
        }
        guard lua_checkstack(L, 4) != 0 else { throw ConversionError(message: "Lua stack overflow") }
        var integerKeys: [Int64: LuaValue] = [:]
        var result = LuaTable()
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let keyType = lua_type(L, -2)
            let isInteger = keyType == LUA_TNUMBER && lua_isinteger(L, -2) != 0
            let keyIndex = lua_absindex(L, -2)
            let element: LuaValue
            do throws(ConversionError) {
                element = try value(at: lua_absindex(L, -1), on: L, depth: depth + 1, walk: &walk)
            } catch {
                throw error.inside(keyText(at: keyIndex, keyType: keyType, isInteger: isInteger, on: L))
            }
            if keyType == LUA_TSTRING {
                result.fields[string(at: -2, on: L) ?? ""] = element
            } else if isInteger {
                integerKeys[lua_tointegerx(L, -2, nil)] = element
            } else {
                let key: LuaValue
                do throws(ConversionError) {
                    key = try value(at: lua_absindex(L, -2), on: L, depth: depth + 1, walk: &walk)
                } catch {
                    throw error.inside(keyText(at: keyIndex, keyType: keyType, isInteger: isInteger, on: L))
                }
                result.otherKeys[key] = element
            }
            clua_pop(L, 1)
        }
        var next: Int64 = 1
        while let element = integerKeys.removeValue(forKey: next) {
            result.array.append(element)
            next += 1
        }
        for (key, element) in integerKeys {
            result.otherKeys[.int(key)] = element
        }
        return result
    }
}
