import Foundation
import SessionStore
import StationDaemon

/// Whether `stationctl serve` runs on this store, and how far behind its policies are: what the
/// dashboard's header and policies page show, and where a reload's SIGHUP goes.
struct DaemonStatus {
    /// The daemon's process id, `nil` when it does not run (or the store is a district's, whose
    /// daemons run on other machines: see ``district``).
    var pid: Int32?
    /// Journal events the daemon's hooks have not handled yet (`nil` when it never ran).
    var backlog: Int64?
    /// On a district's PostgreSQL store: the daemons serving it, and the computers none serves.
    var district: (daemons: [ServingDaemon], unserved: [String])?

    static func read(_ store: SessionStore) -> DaemonStatus {
        if store.isShared {
            let daemons = (try? store.servingDaemons()) ?? []
            let served = Set(daemons.flatMap(\.computers))
            let unserved = ((try? store.computerNames()) ?? []).filter { !served.contains($0) }
            return DaemonStatus(pid: nil, backlog: nil, district: (daemons, unserved))
        }
        let pid = store.daemonProcess()
        let last = (try? store.lastSeq()) ?? 0
        let cursor = try? store.cursor(Daemon.cursorName)
        return DaemonStatus(pid: pid, backlog: cursor.flatMap { $0 }.map { max(0, last - $0) })
    }

    var running: Bool { pid != nil || district?.daemons.isEmpty == false }

    /// What the header says.
    var text: String {
        if let district {
            let count = district.daemons.count
            let daemons = count == 0 ? "no daemon runs" : "\(count) daemon\(count == 1 ? "" : "s") serve\(count == 1 ? "s" : "")"
            guard !district.unserved.isEmpty else { return "\(daemons) every computer ('stationctl daemons' says which)" }
            let names = district.unserved.prefix(5).joined(separator: ", ") + (district.unserved.count > 5 ? ", …" : "")
            return "\(daemons); not served: \(names) (their hooks, timers and scheduled shutdowns wait)"
        }
        return pid.map { "running (pid \($0))" } ?? "not running: hooks, timers and scheduled shutdowns wait for 'stationctl serve'"
    }

    var values: [String: Any] {
        var values: [String: Any] = [
            "state": running ? "running" : "stopped",
            "text": text,
        ]
        if let backlog, backlog > 0 { values["backlog"] = backlog }
        return values
    }
}
