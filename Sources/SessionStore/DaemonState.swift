import Foundation
import SessionEngine

/// What the daemon keeps in the store so that a restart resumes where it stopped.
extension SessionStore {
    /// Journal events after `seq`, oldest first, at most `limit` of them.
    public func events(after seq: Int64, limit: Int) throws -> [Event] {
        try read { db in
            try Event.fetchAll(db, sql: "SELECT \(Event.columns) FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
        }
    }

    /// Journal rows after `seq`, oldest first, for a consumer that must get past rows it cannot read
    /// (written by a newer version): each is an event, or the error saying why it is unreadable.
    public func journalRows(after seq: Int64, limit: Int) throws -> [(seq: Int64, event: Result<Event, StoreError>)] {
        try read { db in
            try db.rows("SELECT \(Event.columns) FROM journal WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit]) { row in
                do {
                    return (row[0], .success(try Event(row: row)))
                } catch let error as StoreError {
                    return (row[0], .failure(error))
                }
            }
        }
    }

    /// A journal row for a daemon that serves some computers only (a district's): its computer
    /// (`nil` for an event of no computer) and the event, or why it cannot be read.
    public struct ServedRow: Sendable {
        public let seq: Int64
        public let computer: String?
        public let event: Result<Event, StoreError>
    }

    /// Journal rows after `seq` of the computers `computers` (and of no computer when
    /// `computerless`), oldest first, at most `limit`: one range of the `(computer, seq)` index
    /// per computer, not the whole district's journal.
    public func journalRows(
        after seq: Int64, limit: Int, computers: [String], computerless: Bool
    ) throws -> [ServedRow] {
        var terms: [String] = []
        if !computers.isEmpty { terms.append("computer IN \(placeholders(computers.count))") }
        if computerless { terms.append("computer IS NULL") }
        guard !terms.isEmpty else { return [] }
        let arguments: SQLArguments = [seq] + computers.map { $0 } + [limit]
        return try read { db in
            try db.rows(
                "SELECT \(Event.columns) FROM journal WHERE seq > ? AND (\(terms.joined(separator: " OR "))) ORDER BY seq LIMIT ?",
                arguments
            ) { row in
                let event: Result<Event, StoreError>
                do {
                    event = .success(try Event(row: row))
                } catch let error as StoreError {
                    event = .failure(error)
                }
                return ServedRow(seq: row[0], computer: row[5], event: event)
            }
        }
    }

    /// The highest `seq` in the journal, 0 when empty.
    public func lastSeq() throws -> Int64 {
        try read { db in try db.one("SELECT MAX(seq) FROM journal") ?? 0 }
    }

    /// The last event a consumer has fully handled; `nil` if it never ran.
    public func cursor(_ name: String) throws -> Int64? {
        try read { db in try db.one("SELECT seq FROM cursor WHERE name = ?", [name]) }
    }

    public func setCursor(_ name: String, to seq: Int64) throws {
        try write { db in
            try db.execute("INSERT INTO cursor (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq", [name, seq])
        }
    }

    /// When each timer runs next, by key.
    public func timerSchedule() throws -> [String: Date] {
        try read { db in
            var result: [String: Date] = [:]
            try db.each("SELECT key, next_run FROM timer", []) { row in
                result[row[0]] = Date(timeIntervalSince1970: row[1])
            }
            return result
        }
    }

    /// Records several timers' next runs in one transaction; with `ranAt`, they all just ran then.
    public func setTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws {
        try write { db in
            for (key, next) in schedule {
                try db.execute(
                    """
                    INSERT INTO timer (key, next_run, last_run) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET next_run = excluded.next_run,
                        last_run = COALESCE(excluded.last_run, timer.last_run)
                    """, [key, next.timeIntervalSince1970, ranAt?.timeIntervalSince1970])
            }
        }
    }

    /// Forgets timers, policy health and memory, and the cursor: a scratch copy starts as if no daemon ever ran.
    public func resetDaemonState() throws {
        try write { db in
            for table in ["timer", "policy_status", "cursor", "policy_memory"] { try db.execute("DELETE FROM \(table)") }
        }
    }

    /// Every policy's last known health, by name.
    public func policyHealth() throws -> [String: PolicyHealth] {
        try read { db in
            var result: [String: PolicyHealth] = [:]
            try db.each("SELECT name, state, failures, last_error, last_error_at, version FROM policy_status", []) { row in
                let name: String = row[0]
                result[name] = PolicyHealth(
                    name: name, state: PolicyHealth.State(rawValue: row[1]) ?? .ok, failures: row[2],
                    lastError: row[3],
                    lastErrorAt: (row[4] as Double?).map(Date.init(timeIntervalSince1970:)),
                    version: row[5])
            }
            return result
        }
    }

    public func setPolicyHealth(_ health: PolicyHealth, at now: Date) throws {
        try write { db in
            try db.execute(
                """
                INSERT INTO policy_status (name, state, failures, last_error, last_error_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET state = excluded.state, failures = excluded.failures,
                    last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                    updated_at = excluded.updated_at, version = excluded.version
                """,
                [
                    health.name, health.state.rawValue, health.failures, health.lastError,
                    health.lastErrorAt?.timeIntervalSince1970, now.timeIntervalSince1970, health.version,
                ])
        }
    }

    /// Every policy's saved `memory` (the text its prelude reads back), by name.
    public func policyMemory() throws -> [String: String] {
        try read { db in
            var result: [String: String] = [:]
            try db.each("SELECT name, data FROM policy_memory", []) { row in result[row[0]] = row[1] }
            return result
        }
    }

    public func setPolicyMemory(_ name: String, _ data: String, at now: Date) throws {
        try write { db in
            try db.execute(
                """
                INSERT INTO policy_memory (name, data, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
                """, [name, data, now.timeIntervalSince1970])
        }
    }

    /// Computers whose scheduled shutdown or restart is due at `now`.
    /// - Parameter computers: only these (a district daemon's own); `nil` for every computer.
    public func dueSchedules(at now: Date, computers: Set<String>? = nil) throws -> [String] {
        let (only, names) = Self.onlyComputers(computers)
        return try read { db in
            try db.column(
                "SELECT name FROM computer WHERE shutdown_at IS NOT NULL AND shutdown_at <= ?\(only) ORDER BY shutdown_at",
                [now.timeIntervalSince1970] + names)
        }
    }

    /// The earliest scheduled shutdown or restart, if any (of `computers`, when given).
    public func nextSchedule(computers: Set<String>? = nil) throws -> Date? {
        let (only, names) = Self.onlyComputers(computers)
        return try read { db in
            try (db.one("SELECT MIN(shutdown_at) FROM computer WHERE TRUE\(only)", names) as Double?)
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// ` AND name IN (…)` and its arguments for `computers`, nothing for `nil`.
    private static func onlyComputers(_ computers: Set<String>?) -> (sql: String, arguments: SQLArguments) {
        guard let computers else { return ("", []) }
        return (" AND name IN \(placeholders(computers.count))", computers.sorted().map { $0 })
    }
}

extension SessionStore {
    /// Moves `last_activity` to `now` for every active session but `idle` ones: what users at
    /// their stations do all day, for simulations. Not journaled (activity is not a transition).
    public func touchActiveSessions(at now: Date, except idle: Set<Int64>) throws {
        try write { db in
            let excluded = idle.isEmpty ? "" : " AND id NOT IN \(placeholders(idle.count))"
            let arguments: SQLArguments = [now.timeIntervalSince1970] + idle.sorted().map { $0 }
            try db.execute("UPDATE session SET last_activity = ? WHERE state = 'active'\(excluded)", arguments)
        }
    }
}
