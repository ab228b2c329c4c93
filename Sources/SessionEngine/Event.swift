import Foundation

/// One committed transition, as kept in the append-only journal.
public struct Event: Hashable, Sendable {
    /// Position in the journal, strictly increasing; `nil` until the store appends it.
    public var seq: Int64?
    public var at: Date
    public var name: EventName
    public var session: Int64?
    public var user: String?
    public var computer: String?
    public var station: StationID?
    /// The state before: a session's, a station's, a computer's power, or a scheduled time.
    public var from: EventState?
    /// The state after.
    public var to: EventState?
    public var actor: Actor
    public var reason: String?
    /// Extra facts: an end cause, a block message, the station a session moved from, a message's text.
    public var detail: EventDetail?
    /// How many policy actions led here: 0 for an admin's or user's action, 1 for a policy reacting to
    /// it, and so on. The daemon cuts cascades deeper than its limit.
    public var depth: Int = 0

    public init(
        seq: Int64? = nil, at: Date, name: EventName, session: Int64? = nil, user: String? = nil,
        computer: String? = nil, station: StationID? = nil, from: EventState? = nil, to: EventState? = nil,
        actor: Actor, reason: String? = nil, detail: EventDetail? = nil
    ) {
        self.seq = seq
        self.at = at
        self.name = name
        self.session = session
        self.user = user
        self.computer = computer
        self.station = station
        self.from = from
        self.to = to
        self.actor = actor
        self.reason = reason
        self.detail = detail
    }
}
