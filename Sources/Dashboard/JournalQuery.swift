import Foundation
import SessionEngine
import SessionStore

/// The journal as an account may read it (the page and `GET /api/v1/journal`): an admin reads
/// everything, a teacher the events of their computers only.
enum JournalQuery {
    /// Checks and reads the filters: `computer`, `session` (`12` or `alice@LAB-1`), `since` (`5m`), `limit`.
    static func filter(
        account: Account, computer: String?, session: String?, since: String?, limit: Int?, now: Date, afterSeq: Int64? = nil
    ) throws -> JournalFilter {
        if let computer, !account.covers(computer) {
            throw DashboardError.forbidden("\(account.name) may read only the journal of \(account.computers.joined(separator: ", "))")
        }
        return JournalFilter(
            session: try session.map { text throws(EngineError) in try SessionRef(parsing: text) }, computer: computer,
            since: try since.map { text throws(EngineError) in now - Double(try Durations.seconds(text)) }, limit: limit,
            afterSeq: afterSeq)
    }

    static func events(_ filter: JournalFilter, account: Account, store: SessionStore) throws -> [Event] {
        guard account.role == .teacher, filter.computer == nil else { return try store.journal(filter) }
        var merged: [Event] = []
        for computer in account.computers {
            var mine = filter
            mine.computer = computer
            merged += try store.journal(mine)
        }
        merged.sort { ($0.seq ?? 0) < ($1.seq ?? 0) }
        return filter.limit.map { Array(merged.suffix($0)) } ?? merged
    }

    /// Whether a teacher may see this event (the event stream's filter).
    static func visible(_ event: Event, to account: Account) -> Bool {
        account.role == .admin || event.computer.map(account.covers) == true
    }
}
