import Foundation

/// A user's work on one computer.
public struct Session: Hashable, Sendable {
    public var id: Int64
    public var user: String
    public var computer: String
    /// The station name (not the full id) while active or locked; `nil` while suspended or ended.
    public var station: String?
    public var state: SessionState
    public var suspendedBy: SuspendedBy?
    public var startedAt: Date
    public var stateSince: Date
    public var lastActivity: Date
    public var endCause: EndCause?

    public init(
        id: Int64, user: String, computer: String, station: String?, state: SessionState,
        suspendedBy: SuspendedBy? = nil, startedAt: Date, stateSince: Date, lastActivity: Date,
        endCause: EndCause? = nil
    ) {
        self.id = id
        self.user = user
        self.computer = computer
        self.station = station
        self.state = state
        self.suspendedBy = suspendedBy
        self.startedAt = startedAt
        self.stateSince = stateSince
        self.lastActivity = lastActivity
        self.endCause = endCause
    }

    /// `COMPUTER/STATION` while on a station.
    public var stationID: StationID? {
        station.map { StationID(computer: computer, name: $0) }
    }

    /// `USER@COMPUTER`.
    public var handle: String { "\(user)@\(computer)" }

    public var isLive: Bool { state != .ended }

    /// Seconds since the user's last activity.
    public func idleSeconds(at now: Date) -> Int {
        max(0, Int(now.timeIntervalSince(lastActivity).rounded(.down)))
    }
}
