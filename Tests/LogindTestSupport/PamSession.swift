import Foundation
import Logind

/// A logind session opened through PAM by the environment's helper, the way a display manager
/// opens one: the helper stays the session's leader and runs `sleep` as the user.
///
/// ```swift
/// let session = try PamSession(user: "skpupil1", ["PAM_TTY=tty7", "XDG_SEAT=seat0", "XDG_VTNR=7"], in: environment)
/// defer { session.end(through: bus) }
/// try bus.session(id: session.id).seat    // "seat0"
/// ```
public final class PamSession {
    public let id: String
    public let user: String
    public let helper: Child

    public init(user: String, _ variables: [String] = [], in environment: TestEnvironment, seconds: TimeInterval = 30) throws {
        self.user = user
        helper = try Child(
            environment.pamSession, [environment.pamService, user] + variables + ["--", "/bin/sleep", "600"],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": environment.busAddress])
        id = try helper.line(startingWith: "XDG_SESSION_ID=", within: seconds)
    }

    /// Ends the session through logind (which kills the helper), then makes sure the helper is gone.
    public func end(through bus: LogindBus?) {
        try? bus?.terminate(session: id)
        helper.stop()
    }
}
