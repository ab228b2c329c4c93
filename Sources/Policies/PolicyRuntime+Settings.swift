import Foundation
import Lua
import SessionEngine
import StationConfig

/// A policy's `defaults{…}`, checked against the settings its config line gives.
extension PolicyRuntime {
    /// `defaults{…}`: checks the config's settings against the declared defaults, returns the merged table.
    func declareDefaults(_ defaults: LuaTable) throws -> LuaTable {
        guard !declaredDefaults else { throw LuaScriptError("defaults{} may be called once") }
        declaredDefaults = true
        guard defaults.array.isEmpty, defaults.otherKeys.isEmpty else {
            throw LuaScriptError("defaults expects named settings, for example defaults{ after = \"2h\" }")
        }
        var merged = defaults
        let given = declaration?.settings ?? [:]
        for key in given.keys.sorted() {
            guard let value = given[key] else { continue }
            guard let fallback = defaults.fields[key] else {
                settingProblems.append(NameSuggestion.unknown("setting", key, allowed: Array(defaults.fields.keys)))
                continue
            }
            if let problem = Self.typeProblem(key: key, value: value, fallback: fallback) {
                settingProblems.append(problem)
                continue
            }
            // A list setting may be given as one word: days = "weekdays" for days = { "weekdays" }.
            if case .table = fallback, case .string = value {
                merged.fields[key] = .table(LuaTable(array: [value.luaValue]))
            } else {
                merged.fields[key] = value.luaValue
            }
        }
        return merged
    }

    private static func typeProblem(key: String, value: SettingValue, fallback: LuaValue) -> String? {
        switch (fallback, value) {
        case (.string(let text), .string(let given)):
            if (try? Durations.seconds(text)) != nil, (try? Durations.seconds(given)) == nil {
                return "setting '\(key)' must be a duration such as \"90s\", \"5m\", \"2h\" or \"1h30m\", not \"\(given)\""
            }
            return nil
        case (.int, .int), (.int, .number), (.number, .int), (.number, .number), (.bool, .bool),
            (.table, .list), (.table, .map), (.table, .string):
            return nil
        case (.string(let text), _) where (try? Durations.seconds(text)) != nil:
            return "setting '\(key)' must be a duration such as \"90s\", \"5m\", \"2h\" or \"1h30m\", not a \(value.typeName)"
        default:
            let expected = fallback.typeName == "table" ? "list or table" : fallback.typeName
            return "setting '\(key)' must be a \(expected), not a \(value.typeName)"
        }
    }

    func checkSettings() throws(ConfigError) {
        if !declaredDefaults, let given = declaration?.settings, let key = given.keys.sorted().first {
            settingProblems.append("unknown setting '\(key)': this \(kind.rawValue) declares no settings")
        }
        let problems = settingProblems.map { ConfigError("\(kind.rawValue) \"\(name)\": \($0)", at: declaration?.location) }
        guard let combined = ConfigError.combining(problems) else { return }
        lua.close()
        throw combined
    }
}
