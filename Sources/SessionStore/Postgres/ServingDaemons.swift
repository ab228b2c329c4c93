import Foundation
import PostgresClient

/// A daemon serving computers of a district's store, as the server sees it: its lock connection
/// and the computers whose advisory locks that connection holds.
public struct ServingDaemon: Sendable, Equatable {
    /// The server's process id for the daemon's lock connection (not the daemon's own pid).
    public let serverPID: Int32
    /// What the daemon calls itself: `stationctl serve on HOST, pid N` (its `application_name`).
    public let name: String
    /// Where it connects from (`nil` over a unix socket).
    public let address: String?
    /// When its lock connection started (`nil` for a SQLite store's daemon).
    public let since: Date?
    /// The computers it serves, by name.
    public let computers: [String]
}

extension SessionStore {
    /// The `application_name` a daemon's lock connection sets, which ``servingDaemons()`` reads back.
    public static func daemonName(host: String, pid: Int32) -> String {
        "stationctl serve on \(host), pid \(pid)"
    }

    /// The daemons that serve this district's computers, with the computers each serves (from the
    /// server's `pg_locks`: one query, whatever the number of daemons). On a SQLite store, its one
    /// daemon (``daemonProcess()``) serving every computer, when it runs.
    ///
    /// ```swift
    /// for daemon in try store.servingDaemons() { print(daemon.name, daemon.computers.count) }
    /// ```
    public func servingDaemons() throws -> [ServingDaemon] {
        guard isShared else {
            guard let pid = daemonProcess() else { return [] }
            return [
                ServingDaemon(
                    serverPID: pid, name: "stationctl serve, pid \(pid)", address: nil, since: nil,
                    computers: try computerNames())
            ]
        }
        // pg_advisory_lock(bigint) shows the key as classid (high 32 bits) and objid (low), objsubid 1.
        let rows = try read { db in
            try db.rows(
                """
                SELECT a.pid, COALESCE(a.application_name, ''), host(a.client_addr),
                    extract(epoch FROM a.backend_start), c.name
                FROM pg_locks l
                JOIN pg_stat_activity a ON a.pid = l.pid
                JOIN computer c ON hashtextextended(current_schema() || '/computer/' || c.name, 0)
                    = ((l.classid::bigint << 32) | l.objid::bigint)
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY a.backend_start, a.pid, c.position
                """
            ) { row in
                (
                    pid: row[0] as Int, name: row[1] as String, address: row[2] as String?, since: row[3] as Double,
                    computer: row[4] as String
                )
            }
        }
        var daemons: [ServingDaemon] = []
        for row in rows {
            if let last = daemons.last, last.serverPID == Int32(row.pid) {
                daemons[daemons.count - 1] = ServingDaemon(
                    serverPID: last.serverPID, name: last.name, address: last.address, since: last.since,
                    computers: last.computers + [row.computer])
            } else {
                daemons.append(
                    ServingDaemon(
                        serverPID: Int32(row.pid), name: row.name, address: row.address,
                        since: Date(timeIntervalSince1970: row.since), computers: [row.computer]))
            }
        }
        return daemons
    }

    /// How many advisory locks the server session `serverPID` holds: inside a daemon's batch,
    /// whether its lock connection still holds its computers (a daemon that lost them must not
    /// commit what it did for them: another daemon serves them now).
    public func advisoryLocksHeld(byServerPID serverPID: Int32) throws -> Int {
        try read { db in
            try db.one(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?", [Int64(serverPID)]) ?? 0
        }
    }
}
