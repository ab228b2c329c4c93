import Foundation

/// Which live sessions to list. Every condition is a `WHERE` term on an indexed column.
public struct SessionFilter: Sendable {
    public var state: SessionState?
    public var computer: String?
    public var user: String?
    /// Only sessions on these computers (a district daemon's own); `nil` for any.
    public var computers: Set<String>?
    /// Only sessions idle for at least this many seconds at `now` (so a 15-minute limit is met at
    /// 15:00 on the dot, when a minute timer looks).
    public var idleLongerThan: Int?
    /// Only sessions in their state for at least this many seconds at `now`.
    public var inStateLongerThan: Int?
    /// At most this many sessions (the first by id); `nil` for all.
    public var limit: Int?
    public var now: Date

    public init(
        state: SessionState? = nil, computer: String? = nil, user: String? = nil,
        idleLongerThan: Int? = nil, inStateLongerThan: Int? = nil, now: Date = Date()
    ) {
        self.state = state
        self.computer = computer
        self.user = user
        self.idleLongerThan = idleLongerThan
        self.inStateLongerThan = inStateLongerThan
        self.now = now
    }
}
