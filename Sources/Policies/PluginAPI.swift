import Foundation
import Lua
import SessionEngine

/// What plugins can do beyond the policy API: add actions, deliver messages, add commands,
/// and run programs when the config grants them `exec`.
struct PluginAPI {
    unowned let runtime: PolicyRuntime
    unowned let policies: PolicySet

    func install() {
        let lua = runtime.lua
        lua.register("action") { [runtime] arguments in
            guard case .string(let name) = arguments[0], case .function(let function) = arguments[1] else {
                throw LuaScriptError("action expects a name and a function: action(\"exam_on\", function(args) … end)")
            }
            try runtime.addAction(name, function)
            return []
        }
        lua.register("notifier") { [runtime] arguments in
            guard case .function(let function) = arguments[0] else {
                throw LuaScriptError("notifier expects a function: notifier(function(message) … end)")
            }
            try runtime.setNotifier(function)
            return []
        }
        lua.register("command") { [runtime] arguments in
            try runtime.addCommand(try Self.command(arguments[0]))
            return []
        }
        lua.register("exec") { [runtime, policies] arguments in
            guard runtime.declaration?.allow.contains("exec") == true else {
                throw LuaScriptError(
                    "plugin \(runtime.name) may not run programs: add allow = { \"exec\" } to its plugin line in the config")
            }
            guard runtime.currentCall != nil else {
                throw LuaScriptError("exec is not available while a file loads: run programs in a hook, a timer or a command")
            }
            var request = try ExecRequest(arguments[0])
            let interrupter = runtime.lua.interrupter
            request.stopped = { interrupter.isRequested }
            let result = policies.world.run(request)
            policies.journalExec(request, result, by: runtime)
            return [result.luaValue]
        }
    }

    static func command(_ value: LuaValue) throws -> PluginCommand {
        guard case .table(let table) = value, case .string(let name) = table["name"],
            case .function(let run) = table["run"]
        else {
            throw LuaScriptError("command expects { name = \"…\", summary = \"…\", run = function(args) … end }")
        }
        let allowed: Set<String> = ["name", "summary", "usage", "help", "run"]
        if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LuaScriptError("command: " + NameSuggestion.unknown("field", unknown, allowed: Array(allowed)))
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw LuaScriptError("command: name must be letters, digits and '-', like exam-mode")
        }
        return PluginCommand(
            name: name, summary: table["summary"].stringValue ?? "",
            usage: table["usage"].stringValue ?? "stationctl \(name) ARGS…",
            help: table["help"].stringValue ?? "", function: run)
    }
}
