import Foundation

/// What an event's `from` and `to` record: a session's state, a station's status, a computer's
/// power, or the time a shutdown is scheduled for.
///
/// The journal stores ``text``; ``init(text:for:)`` reads it back for an event of a given name.
///
/// ```swift
/// let event = try store.journal().last
/// if event?.from == .session(.suspended) { … }
/// ```
public enum EventState: Hashable, Sendable, CustomStringConvertible {
    case session(SessionState)
    case station(StationStatus)
    case power(PowerState)
    /// `shutdown_scheduled` and `shutdown_cancelled`: when the shutdown was (or is) due.
    case time(Date)
    /// A stored value this version does not know, kept as written.
    case other(String)

    /// The stored form, also the `from` / `to` of `--json` and of hooks' events.
    public var text: String {
        switch self {
        case .session(let state): return state.rawValue
        case .station(let status): return status.rawValue
        case .power(let power): return power.rawValue
        case .time(let date): return date.iso8601
        case .other(let text): return text
        }
    }

    public var description: String { text }

    /// Reads the stored form of a `from` or `to` of an event named `name`.
    public init(text: String, for name: EventName) {
        let parsed: EventState?
        switch name.subject {
        case .session: parsed = SessionState(rawValue: text).map(EventState.session)
        case .station: parsed = StationStatus(rawValue: text).map(EventState.station)
        case .power: parsed = PowerState(rawValue: text).map(EventState.power)
        case .schedule: parsed = Date(iso8601: text).map(EventState.time)
        case .none: parsed = nil
        }
        self = parsed ?? .other(text)
    }
}
