import Foundation
import Lua
import SessionEngine

/// `exec{ program = "/usr/bin/wall", args = { … }, timeout = "10s", input = "…" }`: no shell.
public struct ExecRequest: Sendable {
    var program: String
    var arguments: [String]
    var timeout: Int
    var input: String?
    /// Whether the policy call running the program was stopped (the watchdog): then it is killed.
    var stopped: @Sendable () -> Bool = { false }

    init(_ value: LuaValue) throws {
        guard case .table(let table) = value, case .string(let program) = table["program"], program.hasPrefix("/") else {
            throw LuaScriptError("exec expects { program = \"/absolute/path\", args = { … }, timeout = \"10s\" }")
        }
        let allowed: Set<String> = ["program", "args", "timeout", "input"]
        if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LuaScriptError("exec: " + NameSuggestion.unknown("field", unknown, allowed: Array(allowed)))
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
        timeout = table["timeout"] == .nil ? 10 : try PolicyValues.seconds(table["timeout"], what: "exec: timeout")
        guard (1...300).contains(timeout) else { throw LuaScriptError("exec: timeout must be between 1s and 5m") }
        input = table["input"].stringValue
    }

    /// Runs the program, capturing at most 64 KiB of each output, killing it (and anything it
    /// started) at the timeout.
    public func run() -> ExecResult {
        do {
            let outcome = try ChildProcess.run(
                program, arguments: arguments, input: Data((input ?? "").utf8),
                timeout: TimeInterval(timeout), stopped: stopped)
            return ExecResult(
                status: outcome.status, stdout: String(decoding: outcome.stdout, as: UTF8.self),
                stderr: String(decoding: outcome.stderr, as: UTF8.self), timedOut: outcome.timedOut,
                launchError: nil)
        } catch {
            return ExecResult(status: 127, stdout: "", stderr: "", timedOut: false, launchError: "\(error)")
        }
    }
}
