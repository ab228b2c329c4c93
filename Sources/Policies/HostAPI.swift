import Foundation
import Lua
import SessionEngine
import SessionStore

/// Installs the Swift side of the policy API into one runtime's Lua state.
///
/// Functions whose errors must point at the policy's own line (`on`, `every`, `defaults`, …) are
/// globals; the rest sit in the `host` table the prelude wraps.
struct HostAPI {
    unowned let runtime: PolicyRuntime
    unowned let host: PolicyHost

    /// Installs the globals and returns the table of primitives the prelude wraps.
    func install() -> LuaValue {
        let lua = runtime.lua
        lua.setGlobal("settings", .table(LuaTable(fields: (runtime.declaration?.settings ?? [:]).mapValues(\.luaValue))))
        registerRegistrations(in: lua)
        registerUtilities(in: lua)
        if runtime.kind == .plugin { PluginAPI(runtime: runtime, host: host).install() }
        return .table(LuaTable(fields: [
            "act": .function(lua.makeFunction { [runtime, host] arguments in try host.act(arguments, for: runtime) }),
            "sessions": .function(lua.makeFunction { [host] arguments in try host.querySessions(arguments[0]) }),
            "session": .function(lua.makeFunction { [host] arguments in try host.querySession(arguments[0]) }),
            "computer": .function(lua.makeFunction { [host] arguments in try host.queryComputer(arguments[0]) }),
            "computers": .function(lua.makeFunction { [host] _ in try host.queryComputers() }),
            "stations": .function(lua.makeFunction { [host] arguments in try host.queryStations(arguments[0]) }),
            "station": .function(lua.makeFunction { [host] arguments in try host.queryStation(arguments[0]) }),
            "log": .function(lua.makeFunction { [runtime, host] arguments in
                let level = PolicyHost.LogLevel(rawValue: arguments[0].stringValue ?? "info") ?? .info
                host.log(level, "\(runtime.kind.rawValue) \(runtime.name): \(arguments[1].stringValue ?? "")")
                return []
            }),
            "call_action": .function(lua.makeFunction { [host] arguments in
                try host.callAction(arguments[0].stringValue ?? "", arguments[1])
            }),
        ]))
    }

    private func registerRegistrations(in lua: LuaState) {
        lua.register("on") { [runtime] arguments in
            guard case .string(let name) = arguments[0] else {
                throw LuaScriptError("on expects an event name and a function: on(\"suspended\", function(e) … end)")
            }
            guard let event = EventName(rawValue: name), EventName.transitions.contains(event) else {
                throw LuaScriptError("unknown event '\(name)' (events: \(EventName.transitions.map(\.rawValue).joined(separator: ", ")))")
            }
            guard case .function(let function) = arguments[1] else {
                throw LuaScriptError("on(\"\(name)\", …) expects a function as its second argument")
            }
            runtime.addHook(event, function)
            return []
        }
        lua.register("every") { [runtime, host] arguments in
            let seconds = try HostValues.seconds(arguments[0], what: "every")
            guard seconds > 0 else { throw LuaScriptError("every: the period must be longer than 0s") }
            try host.addTimer(.every(seconds: seconds, text: Self.text(arguments[0])), arguments[1], to: runtime)
            return []
        }
        lua.register("at") { [runtime, host] arguments in
            guard case .string(let time) = arguments[0] else {
                throw LuaScriptError("at expects a time of day, a function and options: at(\"22:00\", function() … end, { days = \"weekdays\" })")
            }
            let options: LuaTable?
            switch arguments[2] {
            case .nil: options = nil
            case .table(let table): options = table
            default: throw LuaScriptError("at: the third argument must be a table of options such as { days = \"weekdays\" }")
            }
            try host.addTimer(try TimerSpec.at(time, options: options), arguments[1], to: runtime)
            return []
        }
        lua.register("after") { [runtime, host] arguments in
            let seconds = try HostValues.seconds(arguments[0], what: "after")
            try host.addTimer(.after(seconds: seconds, text: Self.text(arguments[0])), arguments[1], to: runtime)
            return []
        }
        lua.register("defaults") { [runtime, lua] arguments in
            guard case .table(let table) = arguments[0] else {
                throw LuaScriptError("defaults expects a table: defaults{ after = \"2h\" }")
            }
            let merged = try runtime.declareDefaults(table)
            lua.setGlobal("settings", .table(merged))
            return [.table(merged)]
        }
    }

    private func registerUtilities(in lua: LuaState) {
        lua.register("now") { [host] _ in [HostValues.time(host.clock.now)] }
        lua.register("duration") { arguments in [.int(Int64(try HostValues.seconds(arguments[0], what: "duration")))] }
    }

    static func text(_ value: LuaValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return "\(number)s"
        case .number(let number): return "\(Int(number))s"
        default: return value.typeName
        }
    }
}
