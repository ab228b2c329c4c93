import Foundation
import GRDB
import SessionEngine

/// Tells the engine how a session that is no longer live ended, from the journal.
///
/// The engine's lookup cannot throw a store error, so a failed read is kept in ``failure`` and
/// the store throws it once the engine returns.
final class JournalHistory: SessionHistory {
    let db: Database
    private(set) var failure: (any Error)?

    init(db: Database) {
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
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT at, actor, detail, user, computer FROM journal
                        WHERE session = ? AND event = 'ended' ORDER BY seq DESC LIMIT 1
                        """), arguments: [id])
        else { return nil }
        let at = Date(timeIntervalSince1970: row["at"]).iso8601
        let user: String = row["user"] ?? "?"
        let computer: String = row["computer"] ?? "?"
        return "\(user)@\(computer), \(row["detail"] as String? ?? "end") at \(at) by \(row["actor"] as String)"
    }
}
