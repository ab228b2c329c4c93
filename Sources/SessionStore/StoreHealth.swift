import Foundation
import GRDB
import SessionEngine

/// What `stationctl check-store` reports: SQLite's own check, and the store's invariants that SQLite
/// cannot know (a journal with no lost event, sessions at stations that exist).
public struct StoreCheck: Sendable {
    /// One finding: what was checked, and the problems found (empty when it is fine).
    public struct Finding: Sendable {
        public var check: String
        public var problems: [String]
        public var isOK: Bool { problems.isEmpty }
    }

    public var findings: [Finding]
    public var isOK: Bool { findings.allSatisfy(\.isOK) }
}

extension SessionStore {
    /// SQLite's `quick_check` (what the daemon runs when it starts): `nil` when the store is sound,
    /// else what SQLite found. Cheaper than ``check()``: it does not compare indexes with tables.
    public func quickCheck() throws -> String? {
        guard sqlite != nil else { return nil }  // PostgreSQL checks its own pages (pg_amcheck)
        let result = try readSQLite("quick_check") { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        return result == ["ok"] ? nil : result.prefix(5).joined(separator: "; ")
    }

    /// The full check: `integrity_check`, the journal's sequence (no gap: no committed event lost),
    /// and the invariants of sessions and stations.
    public func check() throws -> StoreCheck {
        var findings: [StoreCheck.Finding] = []
        if sqlite != nil {
            let integrity = try readSQLite("integrity_check") { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            findings.append(.init(check: "SQLite integrity_check", problems: integrity == ["ok"] ? [] : Array(integrity.prefix(20))))
        }
        return try read { db in
            findings.append(.init(check: "journal sequence", problems: try Self.journalGaps(in: db)))
            findings.append(.init(check: "sessions and stations", problems: try Self.invariantViolations(in: db)))
            return StoreCheck(findings: findings)
        }
    }

    /// Gaps in the journal's seq (events are only appended, so a gap means events were lost).
    static func journalGaps(in db: any SQLConnection) throws -> [String] {
        guard
            let (count, first, last) = try db.rows(
                "SELECT COUNT(*), MIN(seq), MAX(seq) FROM journal", [],
                {
                    ($0[0] as Int64, $0[1] as Int64, $0[2] as Int64)
                }
            ).first, count > 0
        else { return [] }
        var problems: [String] = []
        if first != 1 { problems.append("the journal starts at event \(first), not 1: events 1 to \(first - 1) are missing") }
        if count != last - first + 1 {
            let gaps: [Int64] = try db.column(
                """
                SELECT seq + 1 FROM journal j WHERE seq < ? AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.seq = j.seq + 1)
                ORDER BY seq LIMIT 5
                """, [last])
            problems.append(
                "\(last - first + 1 - count) event(s) missing between \(first) and \(last), first after: \(gaps.map { "\($0 - 1)" }.joined(separator: ", "))"
            )
        }
        try db.each("SELECT name, seq FROM cursor WHERE seq > ?", [last]) { cursor in
            problems.append(
                "the daemon's cursor '\(cursor[0] as String)' is at event \(cursor[1] as Int64), past the journal's last (\(last))")
        }
        return problems
    }

    /// Sessions and stations that break the rules the engine keeps.
    static func invariantViolations(in db: any SQLConnection) throws -> [String] {
        var problems: [String] = []
        try db.each(
            """
            SELECT s.id, s."user", s.computer, s.station FROM session s
            WHERE s.station IS NOT NULL AND NOT EXISTS (SELECT 1 FROM station st WHERE st.computer = s.computer AND st.name = s.station)
            LIMIT 10
            """, []
        ) { row in
            problems.append(
                "session \(row[0] as Int64) (\(row[1] as String)@\(row[2] as String)) is at station \(row[3] as String), which does not exist"
            )
        }
        try db.each(
            "SELECT s.id, s.computer FROM session s WHERE NOT EXISTS (SELECT 1 FROM computer c WHERE c.name = s.computer) LIMIT 10", []
        ) { row in
            problems.append("session \(row[0] as Int64) is on computer \(row[1] as String), which does not exist")
        }
        try db.each(
            "SELECT s.id FROM session s WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.session = s.id AND j.event = 'signed_in') LIMIT 10",
            []
        ) { row in
            problems.append("session \(row[0] as Int64) is live but the journal has no sign-in for it")
        }
        try db.each(
            "SELECT s.id FROM session s WHERE EXISTS (SELECT 1 FROM journal j WHERE j.session = s.id AND j.event = 'ended') LIMIT 10", []
        ) { row in
            problems.append("session \(row[0] as Int64) is live but the journal says it ended")
        }
        return problems
    }

    /// Copies the store, journal and all, to a new file at `path` with SQLite's online backup (other
    /// processes may keep working meanwhile). Refuses to overwrite a file.
    public func backup(to path: String) throws {
        guard let sqlite else {
            throw StoreError(
                .unsupported,
                "stationctl backup copies a SQLite store: back up a PostgreSQL store with pg_dump (docs/district.md, \"Backups\")")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.cannotOpen, "\(path) already exists: back up to a new file (nothing was written)")
        }
        do {
            let target = try DatabaseQueue(path: path)
            try sqlite.backup(to: target)
            try target.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")  // one self-contained file
            }
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError.wrap(error, path: path)
        }
    }
}
