import Foundation

/// The state of a live or ended session (docs/domain.md, "Session states").
public enum SessionState: String, Sendable, CaseIterable {
    case active, locked, suspended, ended
}

/// Who suspended a session.
public enum SuspendedBy: String, Sendable {
    case user, admin, policy
}

/// A computer's power state.
public enum PowerState: String, Sendable {
    case running, off
}

/// What a station shows, derived from its block flag and the session on it.
public enum StationStatus: String, Sendable, CaseIterable {
    case available
    case inUse = "in_use"
    case locked
    case blocked
}

/// Why a session ended.
public enum EndCause: String, Sendable {
    case signOut = "sign_out"
    case end
    case shutdown
    case restart
}

/// One machine hosting several stations.
public struct Computer: Hashable, Sendable {
    public var name: String
    public var power: PowerState
    /// The shutdown or restart scheduled for this computer, if any.
    public var scheduled: ScheduledShutdown?

    /// When the scheduled shutdown or restart is due.
    public var shutdownAt: Date? { scheduled?.at }

    public init(name: String, power: PowerState = .running, scheduled: ScheduledShutdown? = nil) {
        self.name = name
        self.power = power
        self.scheduled = scheduled
    }
}

/// A shutdown or restart that the daemon carries out at `at`.
public struct ScheduledShutdown: Hashable, Sendable {
    public var at: Date
    public var restart: Bool
    /// What users are told; `nil` for the default wording.
    public var message: String?

    public init(at: Date, restart: Bool, message: String? = nil) {
        self.at = at
        self.restart = restart
        self.message = message
    }

    /// `shutdown` or `restart`.
    public var verb: String { restart ? "restart" : "shutdown" }
}

/// One seat of a computer. Its status is derived: see ``LabState/status(of:)``.
public struct Station: Hashable, Sendable {
    public var id: StationID
    /// Order in the config, for listings.
    public var position: Int
    /// The message shown while blocked; `nil` when the station is not blocked.
    public var blockMessage: String?

    public var isBlocked: Bool { blockMessage != nil }

    public init(id: StationID, position: Int, blockMessage: String? = nil) {
        self.id = id
        self.position = position
        self.blockMessage = blockMessage
    }
}

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
