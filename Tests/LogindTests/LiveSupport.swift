import Foundation
import Logind
import LogindTestSupport

/// Collects `next(timeout:)`'s changes until `done` holds for one of them or `seconds` pass.
func changes(
    from bus: LogindBus, within seconds: TimeInterval, until done: (LogindChange) -> Bool
) throws -> (all: [LogindChange], found: Bool, after: TimeInterval) {
    let start = Date()
    var all: [LogindChange] = []
    while Date().timeIntervalSince(start) < seconds {
        let batch = try bus.next(timeout: max(0.01, seconds - Date().timeIntervalSince(start)))
        all += batch
        if batch.contains(where: done) { return (all, true, Date().timeIntervalSince(start)) }
    }
    return (all, false, Date().timeIntervalSince(start))
}

/// The variables of a console session on seat0 at VT `vt`.
func consoleSession(vt: Int) -> [String] {
    ["PAM_TTY=tty\(vt)", "XDG_SEAT=seat0", "XDG_VTNR=\(vt)", "XDG_SESSION_TYPE=tty", "XDG_SESSION_CLASS=user"]
}

/// The variables of a seat-less remote session from `host`.
func remoteSession(from host: String) -> [String] {
    ["PAM_RHOST=\(host)", "XDG_SESSION_TYPE=x11", "XDG_SESSION_CLASS=user"]
}
