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
            let request = try ExecRequest(arguments[0])
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
            throw LuaScriptError("command: unknown field '\(unknown)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
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

extension PolicySet {
    /// Every program a plugin runs is journaled (`plugin_exec`).
    func journalExec(_ request: ExecRequest, _ result: ExecResult, by runtime: PolicyRuntime) {
        let command = ([request.program] + request.arguments).joined(separator: " ")
        let status =
            result.simulated
            ? "not run (simulation)"
            : result.launchError ?? (result.timedOut ? "killed after \(request.timeout)s" : "exit \(result.status)")
        let event = Event(
            at: clock.now, name: .pluginExec, actor: runtime.currentCall?.actor ?? runtime.actor,
            reason: "plugin \(runtime.name)", detail: .exec(command: command, status: status))
        do {
            try world.record([event])
        } catch {
            log(.error, "cannot journal exec by \(runtime.name): \(error)")
        }
    }

    /// Runs a plugin's command from `stationctl`, with actor `admin`. Returns the exit status.
    public func runCommand(
        _ command: PluginCommand, in runtime: PolicyRuntime, arguments: [String],
        output: @escaping (String) -> Void
    ) -> (status: Int32, error: String?) {
        let previousPrint = runtime.lua.printHandler
        defer { runtime.lua.printHandler = previousPrint }
        runtime.lua.printHandler = output
        do {
            let argument = LuaValue.table(LuaTable(array: arguments.map(LuaValue.string)))
            let results = try runtime.calling(PolicyCall(actor: .admin, actionDepth: 0)) { () throws(LuaError) in
                try runtime.lua.call(command.function, [argument])
            }
            if let code = results.first?.intValue {
                // `return 64, "usage: …"`: the message goes to stderr as the error.
                return (Int32(clamping: code), results.dropFirst().first?.stringValue)
            }
            if case .nil = results.first ?? .nil, case .string(let message) = results.dropFirst().first ?? .nil {
                return (3, message)
            }
            return (0, nil)
        } catch {
            return (1, error.message)
        }
    }
}
