import Foundation
import SessionStore
import StationDaemon

/// Whether `stationctl serve` runs on this store, and how far behind its policies are: what the
/// dashboard's header and policies page show, and where a reload's SIGHUP goes.
struct DaemonStatus {
    /// The daemon's process id, `nil` when it does not run.
    var pid: Int32?
    /// Journal events the daemon's hooks have not handled yet (`nil` when it never ran).
    var backlog: Int64?

    static func read(_ store: SessionStore) -> DaemonStatus {
        let pid = store.daemonProcess()
        let last = (try? store.lastSeq()) ?? 0
        let cursor = try? store.cursor(Daemon.cursorName)
        return DaemonStatus(pid: pid, backlog: cursor.flatMap { $0 }.map { max(0, last - $0) })
    }

    var running: Bool { pid != nil }

    var values: [String: Any] {
        var values: [String: Any] = [
            "state": running ? "running" : "stopped",
            "text": pid.map { "running (pid \($0))" } ?? "not running: hooks, timers and scheduled shutdowns wait for 'stationctl serve'",
        ]
        if let backlog, backlog > 0 { values["backlog"] = backlog }
        return values
    }
}
