import Foundation

/// What a command did, or would do in a dry run.
public struct Outcome: Sendable {
    /// The journal events, in order.
    public var events: [Event] = []
    /// Targets of a bulk verb it did not apply to, with why.
    public var skipped: [Skip] = []
    /// Sessions whose row changed (inserted, updated, or ended), by id.
    public var touchedSessions: Set<Int64> = []
    public var touchedStations: Set<StationID> = []
    public var touchedComputers: Set<String> = []

    public init() {}

    public struct Skip: Hashable, Sendable {
        /// What was skipped: a session handle, a station id.
        public var target: String
        public var reason: String
    }
}
