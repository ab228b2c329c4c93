import Lua

/// A setting's value as written in the config: plain data only (no functions), so it can be
/// handed to a policy's own Lua state.
public enum SettingValue: Hashable, Sendable, Codable {
    case bool(Bool)
    case int(Int64)
    case number(Double)
    case string(String)
    case list([SettingValue])
    case map([String: SettingValue])

    /// Converts a config value; a function or a mixed table is a ``ConfigError`` naming `key`.
    init(_ value: LuaValue, key: String) throws(ConfigError) {
        switch value {
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .table(let table) where table.fields.isEmpty && table.otherKeys.isEmpty:
            var items: [SettingValue] = []
            for item in table.array { items.append(try SettingValue(item, key: key)) }
            self = .list(items)
        case .table(let table) where table.array.isEmpty && table.otherKeys.isEmpty:
            var fields: [String: SettingValue] = [:]
            for (name, item) in table.fields { fields[name] = try SettingValue(item, key: "\(key).\(name)") }
            self = .map(fields)
        default:
            throw ConfigError("setting '\(key)' must be a boolean, number, string, list or table of them, not \(value.typeName)")
        }
    }

    /// Back to a Lua value, for a policy's `settings` table.
    public var luaValue: LuaValue {
        switch self {
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .number(let number): return .number(number)
        case .string(let text): return .string(text)
        case .list(let items): return .table(LuaTable(array: items.map(\.luaValue)))
        case .map(let fields): return .table(LuaTable(fields: fields.mapValues(\.luaValue)))
        }
    }

    /// `boolean`, `number`, `string`, `list`, `table`: what a user reads in an error.
    public var typeName: String {
        switch self {
        case .bool: return "boolean"
        case .int, .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .map: return "table"
        }
    }
}
