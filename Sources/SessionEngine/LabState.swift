import Foundation

/// The part of the lab a command acts on: some computers with all their stations and live sessions.
///
/// The store loads the slice a command needs inside its write transaction, the engine
/// changes it, and the store writes back what changed.
public struct LabState: Sendable {
    public var computers: [String: Computer]
    public var stations: [StationID: Station]
    /// Live sessions, by id. A session that ends stays here with state `ended` until written back.
    public var sessions: [Int64: Session]

    public init(computers: [Computer] = [], stations: [Station] = [], sessions: [Session] = []) {
        self.computers = Dictionary(computers.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        self.stations = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        self.sessions = Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
    }

    /// The live session on a station, if any.
    public func session(on station: StationID) -> Session? {
        sessions.values.first { $0.isLive && $0.computer == station.computer && $0.station == station.name }
    }

    /// The user's live session on a computer, if any.
    public func session(of user: String, on computer: String) -> Session? {
        sessions.values.first { $0.isLive && $0.user == user && $0.computer == computer }
    }

    /// What the station shows: blocked wins, then the session on it, else available.
    public func status(of station: Station) -> StationStatus {
        Self.status(blocked: station.isBlocked, sessionState: session(on: station.id)?.state)
    }

    /// The status rule, shared with the store's listings.
    public static func status(blocked: Bool, sessionState: SessionState?) -> StationStatus {
        if blocked { return .blocked }
        switch sessionState {
        case .active: return .inUse
        case .locked: return .locked
        case .suspended, .ended, nil: return .available
        }
    }

    /// Live sessions of one computer (or of every loaded computer), in id order.
    public func liveSessions(on computer: String? = nil) -> [Session] {
        sessions.values
            .filter { $0.isLive && (computer == nil || $0.computer == computer) }
            .sorted { $0.id < $1.id }
    }

    /// Stations of one computer (or of every loaded computer), in config order.
    public func stations(on computer: String? = nil) -> [Station] {
        stations.values
            .filter { computer == nil || $0.id.computer == computer }
            .sorted { ($0.id.computer, $0.position) < ($1.id.computer, $1.position) }
    }
}
