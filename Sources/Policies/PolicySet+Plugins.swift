import Foundation
import Lua
import SessionEngine

/// What a plugin does through the set: programs it runs are journaled, and its commands run as the admin who ran them.
extension PolicySet {
    /// Every program a plugin runs is journaled (`plugin_exec`).
    func journalExec(_ request: ExecRequest, _ result: ExecResult, by runtime: PolicyRuntime) {
        let command = ([request.program] + request.arguments).joined(separator: " ")
        let status =
            result.simulated
            ? "not run (simulation)"
            : result.launchError
                ?? (request.stopped()
                    ? "killed: the policy call was stopped"
                    : result.timedOut ? "killed after \(request.timeout)s" : "exit \(result.status)")
        let event = Event(
            at: clock.now, name: .pluginExec, actor: runtime.currentCall?.actor ?? runtime.actor,
            reason: "plugin \(runtime.name)", detail: .exec(command: command, status: status))
        do {
            try world.record([event])
        } catch {
            log(.error, "cannot journal exec by \(runtime.name): \(error)")
        }
    }

    /// Runs a plugin's command from `stationctl` as `actor`, the admin who ran it (`admin:NAME`):
    /// its actions and programs are journaled with that actor, and a quarantined plugin's actions
    /// still run for it. Returns the exit status.
    public func runCommand(
        _ command: PluginCommand, in runtime: PolicyRuntime, arguments: [String], actor: Actor,
        output: @escaping (String) -> Void
    ) -> (status: Int32, error: String?) {
        let previousPrint = runtime.lua.printHandler
        defer { runtime.lua.printHandler = previousPrint }
        runtime.lua.printHandler = output
        do {
            let argument = LuaValue.table(LuaTable(array: arguments.map(LuaValue.string)))
            let results = try runtime.calling(PolicyCall(actor: actor, actionDepth: 0)) { () throws(LuaError) in
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
