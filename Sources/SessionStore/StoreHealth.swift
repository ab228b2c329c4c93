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
        let result = try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        return result == ["ok"] ? nil : result.prefix(5).joined(separator: "; ")
    }

    /// The full check: `integrity_check`, the journal's sequence (no gap: no committed event lost),
    /// and the invariants of sessions and stations.
    public func check() throws -> StoreCheck {
        try read { db in
            var findings: [StoreCheck.Finding] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            findings.append(.init(check: "SQLite integrity_check", problems: integrity == ["ok"] ? [] : Array(integrity.prefix(20))))
            findings.append(.init(check: "journal sequence", problems: try Self.journalGaps(in: db)))
            findings.append(.init(check: "sessions and stations", problems: try Self.invariantViolations(in: db)))
            return StoreCheck(findings: findings)
        }
    }

    /// Gaps in the journal's seq (events are only appended, so a gap means events were lost).
    static func journalGaps(in db: Database) throws -> [String] {
        guard let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MIN(seq) AS first, MAX(seq) AS last FROM journal"),
            let count: Int64 = row["n"], count > 0, let first: Int64 = row["first"], let last: Int64 = row["last"]
        else { return [] }
        var problems: [String] = []
        if first != 1 { problems.append("the journal starts at event \(first), not 1: events 1 to \(first - 1) are missing") }
        if count != last - first + 1 {
            let gaps = try Int64.fetchAll(
                db,
                sql: """
                    SELECT seq + 1 FROM journal j WHERE seq < ? AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.seq = j.seq + 1)
                    ORDER BY seq LIMIT 5
                    """, arguments: [last])
            problems.append(
                "\(last - first + 1 - count) event(s) missing between \(first) and \(last), first after: \(gaps.map { "\($0 - 1)" }.joined(separator: ", "))"
            )
        }
        let cursors = try Row.fetchAll(db, sql: "SELECT name, seq FROM cursor WHERE seq > ?", arguments: [last])
        for cursor in cursors {
            problems.append(
                "the daemon's cursor '\(cursor["name"] as String)' is at event \(cursor["seq"] as Int64), past the journal's last (\(last))"
            )
        }
        return problems
    }

    /// Sessions and stations that break the rules the engine keeps.
    static func invariantViolations(in db: Database) throws -> [String] {
        var problems: [String] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.user, s.computer, s.station FROM session s
                WHERE s.station IS NOT NULL AND NOT EXISTS (SELECT 1 FROM station st WHERE st.computer = s.computer AND st.name = s.station)
                LIMIT 10
                """)
        {
            problems.append(
                "session \(row["id"] as Int64) (\(row["user"] as String)@\(row["computer"] as String)) is at station \(row["station"] as String), which does not exist"
            )
        }
        for row in try Row.fetchAll(
            db,
            sql: "SELECT s.id, s.computer FROM session s WHERE NOT EXISTS (SELECT 1 FROM computer c WHERE c.name = s.computer) LIMIT 10")
        {
            problems.append("session \(row["id"] as Int64) is on computer \(row["computer"] as String), which does not exist")
        }
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT s.id FROM session s WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.session = s.id AND j.event = 'signed_in') LIMIT 10
                """)
        {
            problems.append("session \(row["id"] as Int64) is live but the journal has no sign-in for it")
        }
        for row in try Row.fetchAll(
            db,
            sql: "SELECT s.id FROM session s WHERE EXISTS (SELECT 1 FROM journal j WHERE j.session = s.id AND j.event = 'ended') LIMIT 10")
        {
            problems.append("session \(row["id"] as Int64) is live but the journal says it ended")
        }
        return problems
    }

    /// Copies the store, journal and all, to a new file at `path` with SQLite's online backup (other
    /// processes may keep working meanwhile). Refuses to overwrite a file.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.cannotOpen, "\(path) already exists: back up to a new file (nothing was written)")
        }
        do {
            let target = try DatabaseQueue(path: path)
            try writer.backup(to: target)
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
