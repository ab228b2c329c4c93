import Foundation
import SessionEngine

/// Tells the engine how a session that is no longer live ended, from the journal.
///
/// The engine's lookup cannot throw a store error, so a failed read is kept in ``failure`` and
/// the store throws it once the engine returns.
final class JournalHistory: SessionHistory {
    let db: any SQLConnection
    private(set) var failure: (any Error)?

    init(db: any SQLConnection) {
        self.db = db
    }

    func endedSessionSummary(_ id: Int64) -> String? {
        do {
            return try summary(id)
        } catch {
            failure = error
            return nil
        }
    }

    /// `alice@LAB-1, shutdown at 2026-03-02T17:00:00Z by admin`, or `nil` if the session never existed.
    func summary(_ id: Int64) throws -> String? {
        // Decoded inside: a row read through a cursor is only valid until the next one.
        let found = try db.rows(
            """
            SELECT at, actor, detail, "user", computer FROM journal
            WHERE session = ? AND event = 'ended' ORDER BY seq DESC LIMIT 1
            """, [id]
        ) { row in
            let at = Date(timeIntervalSince1970: row[0]).iso8601
            let user: String = row[3] ?? "?"
            let computer: String = row[4] ?? "?"
            return "\(user)@\(computer), \(row[2] as String? ?? "end") at \(at) by \(row[1] as String)"
        }
        return found.first
    }
}
