import Foundation
import Lua

/// How a plugin's program ended, as `exec` returns it.
public struct ExecResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
    var launchError: String?

    /// What a simulation reports instead of running the program.
    public static let simulated = ExecResult(status: 0, stdout: "", stderr: "", timedOut: false, launchError: nil, simulated: true)
    var simulated = false

    init(status: Int32, stdout: String, stderr: String, timedOut: Bool, launchError: String?, simulated: Bool = false) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.launchError = launchError
        self.simulated = simulated
    }

    /// A program that was not started: `reason` says why.
    public init(notStarted reason: String) {
        self.init(status: 127, stdout: "", stderr: "", timedOut: false, launchError: reason)
    }

    var luaValue: LuaValue {
        PolicyValues.table([
            "status": .int(Int64(status)), "stdout": .string(stdout), "stderr": .string(stderr),
            "timed_out": .bool(timedOut), "error": PolicyValues.string(launchError), "simulated": .bool(simulated),
        ])
    }
}
