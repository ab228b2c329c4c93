import Foundation
import Lua
import SessionEngine

/// What plugins can do beyond the policy API: add actions, deliver messages, add commands,
/// and run programs when the config grants them `exec`.
struct PluginAPI {
    unowned let runtime: PolicyRuntime
    unowned let host: PolicyHost

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
        lua.register("exec") { [runtime, host] arguments in
            guard runtime.declaration?.allow.contains("exec") == true else {
                throw LuaScriptError("plugin \(runtime.name) may not run programs: add allow = { \"exec\" } to its plugin line in the config")
            }
            let request = try ExecRequest(arguments[0])
            let result = host.simulating ? ExecRequest.Result.simulated : request.run()
            host.journalExec(request, result, by: runtime)
            return [result.luaValue]
        }
    }

    static func command(_ value: LuaValue) throws -> PluginCommand {
        guard case .table(let table) = value, case .string(let name) = table["name"],
              case .function(let run) = table["run"] else {
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

/// `exec{ program = "/usr/bin/wall", args = { … }, timeout = "10s", input = "…" }`: no shell.
struct ExecRequest {
    var program: String
    var arguments: [String]
    var timeout: Int
    var input: String?

    init(_ value: LuaValue) throws {
        guard case .table(let table) = value, case .string(let program) = table["program"], program.hasPrefix("/") else {
            throw LuaScriptError("exec expects { program = \"/absolute/path\", args = { … }, timeout = \"10s\" }")
        }
        let allowed: Set<String> = ["program", "args", "timeout", "input"]
        if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LuaScriptError("exec: unknown field '\(unknown)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        self.program = program
        switch table["args"] {
        case .nil: arguments = []
        case .table(let list) where list.fields.isEmpty:
            arguments = try list.array.map { item in
                switch item {
                case .string(let text): return text
                case .int(let number): return String(number)
                default: throw LuaScriptError("exec: args must be strings")
                }
            }
        default: throw LuaScriptError("exec: args must be a list of strings")
        }
        timeout = table["timeout"] == .nil ? 10 : try HostValues.seconds(table["timeout"], what: "exec: timeout")
        guard (1...300).contains(timeout) else { throw LuaScriptError("exec: timeout must be between 1s and 5m") }
        input = table["input"].stringValue
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
        var launchError: String?

        /// What a simulation reports instead of running the program.
        static let simulated = Result(status: 0, stdout: "", stderr: "", timedOut: false, launchError: nil, simulated: true)
        var simulated = false

        init(status: Int32, stdout: String, stderr: String, timedOut: Bool, launchError: String?, simulated: Bool = false) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.timedOut = timedOut
            self.launchError = launchError
            self.simulated = simulated
        }

        var luaValue: LuaValue {
            HostValues.table([
                "status": .int(Int64(status)), "stdout": .string(stdout), "stderr": .string(stderr),
                "timed_out": .bool(timedOut), "error": HostValues.string(launchError), "simulated": .bool(simulated),
            ])
        }
    }

    /// Runs the program, capturing at most 64 KiB of each output, killing it (and anything it
    /// started) at the timeout.
    func run() -> Result {
        do {
            let outcome = try ChildProcess.run(program, arguments: arguments, input: Data((input ?? "").utf8),
                                               timeout: TimeInterval(timeout))
            return Result(status: outcome.status, stdout: String(decoding: outcome.stdout, as: UTF8.self),
                          stderr: String(decoding: outcome.stderr, as: UTF8.self), timedOut: outcome.timedOut,
                          launchError: nil)
        } catch {
            return Result(status: 127, stdout: "", stderr: "", timedOut: false, launchError: "\(error)")
        }
    }
}

extension PolicyHost {
    /// Every program a plugin runs is journaled (`plugin_exec`).
    func journalExec(_ request: ExecRequest, _ result: ExecRequest.Result, by runtime: PolicyRuntime) {
        let command = ([request.program] + request.arguments).joined(separator: " ")
        let status = result.simulated ? "not run (simulation)"
            : result.launchError ?? (result.timedOut ? "killed after \(request.timeout)s" : "exit \(result.status)")
        let event = Event(at: clock.now, name: .pluginExec, actor: actorOverride ?? runtime.actor,
                          reason: "plugin \(runtime.name)", detail: "\(command) → \(status)")
        do {
            try store?.record([event])
        } catch {
            log(.error, "cannot journal exec by \(runtime.name): \(error)")
        }
    }

    /// Runs a plugin's command from `stationctl`, with actor `admin`. Returns the exit status.
    public func runCommand(_ command: PluginCommand, in runtime: PolicyRuntime, arguments: [String],
                           output: @escaping (String) -> Void) -> (status: Int32, error: String?) {
        actorOverride = .admin
        let previousPrint = runtime.lua.printHandler
        defer {
            actorOverride = nil
            runtime.lua.printHandler = previousPrint
        }
        runtime.lua.printHandler = output
        do {
            let results = try runtime.lua.call(command.function, [.table(LuaTable(array: arguments.map(LuaValue.string)))])
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
