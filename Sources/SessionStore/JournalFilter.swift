import Foundation
import GRDB
import SessionEngine

/// Which journal events to list.
public struct JournalFilter: Sendable {
    public var session: SessionRef?
    public var computer: String?
    public var since: Date?
    /// The most recent `limit` events (still printed oldest first); `nil` for all.
    public var limit: Int?
    /// Only events after this `seq` (a cursor).
    public var afterSeq: Int64?

    public init(
        session: SessionRef? = nil, computer: String? = nil, since: Date? = nil,
        limit: Int? = nil, afterSeq: Int64? = nil
    ) {
        self.session = session
        self.computer = computer
        self.since = since
        self.limit = limit
        self.afterSeq = afterSeq
    }
}
