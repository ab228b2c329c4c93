import Foundation

/// The extra facts an event carries, one shape per event.
///
/// The journal stores ``text`` (the `detail` of `--json` and of hooks' events);
/// ``init(text:for:)`` reads it back.
///
/// ```swift
/// if case .endCause(.shutdown) = event.detail { … }   // ended by a shutdown
/// ```
public enum EventDetail: Hashable, Sendable, CustomStringConvertible {
    /// `ended`: why.
    case endCause(EndCause)
    /// `moved`: the station the session left.
    case movedFrom(StationID)
    /// `station_blocked`: what the station shows.
    case blockMessage(String)
    /// `message_sent`: the text.
    case message(String)
    /// `shutdown_scheduled`: what is scheduled.
    case scheduled(ScheduledShutdown)
    /// `shutdown_cancelled`: what was scheduled.
    case cancelled(restart: Bool, at: Date)
    /// `computer_shutdown` and `computer_restarted`: how many sessions ended, and how many of them were suspended.
    case poweredDown(ended: Int, suspended: Int)
    /// `policy_error`: what failed and how.
    case failure(String)
    /// `os_action`: the logind call and its result (`TerminateSession c3: done`).
    case machineCall(String)
    /// `plugin_exec`: the command line and how it ended (`exit 0`, `killed after 10s`, …).
    case exec(command: String, status: String)
    /// A stored detail this version does not read, kept as written.
    case other(String)

    /// The stored form.
    public var text: String {
        switch self {
        case .endCause(let cause): return cause.rawValue
        case .movedFrom(let station): return "from \(station)"
        case .blockMessage(let text), .message(let text), .failure(let text), .machineCall(let text), .other(let text): return text
        case .scheduled(let shutdown):
            let when = "\(shutdown.verb) at \(shutdown.at.iso8601)"
            return shutdown.message.map { "\(when): \($0)" } ?? when
        case .cancelled(let restart, let at): return "\(restart ? "restart" : "shutdown") at \(at.iso8601) cancelled"
        case .poweredDown(let ended, let suspended):
            return "\(ended) session(s) ended, \(suspended) of them suspended (unsaved work lost)"
        case .exec(let command, let status): return "\(command) → \(status)"
        }
    }

    public var description: String { text }

    /// Reads the stored detail of an event named `name`; what does not parse is kept as ``other(_:)``.
    public init(text: String, for name: EventName) {
        self = Self.parse(text, for: name) ?? .other(text)
    }

    private static func parse(_ text: String, for name: EventName) -> EventDetail? {
        switch name {
        case .ended: return EndCause(rawValue: text).map(EventDetail.endCause)
        case .moved:
            guard text.hasPrefix("from ") else { return nil }
            return StationID(stored: String(text.dropFirst(5))).map(EventDetail.movedFrom)
        case .stationBlocked: return .blockMessage(text)
        case .messageSent: return .message(text)
        case .policyError: return .failure(text)
        case .osAction: return .machineCall(text)
        case .pluginExec:
            guard let arrow = text.range(of: " → ", options: .backwards) else { return nil }
            return .exec(command: String(text[..<arrow.lowerBound]), status: String(text[arrow.upperBound...]))
        case .shutdownScheduled: return scheduled(text)
        case .shutdownCancelled:
            guard text.hasSuffix(" cancelled"), let (restart, at, rest) = verbAndTime(text), rest == " cancelled" else {
                return nil
            }
            return .cancelled(restart: restart, at: at)
        case .computerShutdown, .computerRestarted: return poweredDown(text)
        default: return nil
        }
    }

    /// `shutdown at 2026-03-02T17:00:00Z` then what follows it.
    private static func verbAndTime(_ text: String) -> (restart: Bool, at: Date, rest: Substring)? {
        let restart: Bool
        if text.hasPrefix("restart at ") {
            restart = true
        } else if text.hasPrefix("shutdown at ") {
            restart = false
        } else {
            return nil
        }
        let afterVerb = text.drop { $0 != " " }.dropFirst(4)  // " at "
        let time = afterVerb.prefix(20)
        guard let at = Date(iso8601: String(time)) else { return nil }
        return (restart, at, afterVerb.dropFirst(20))
    }

    private static func scheduled(_ text: String) -> EventDetail? {
        guard let (restart, at, rest) = verbAndTime(text) else { return nil }
        if rest.isEmpty { return .scheduled(ScheduledShutdown(at: at, restart: restart)) }
        guard rest.hasPrefix(": ") else { return nil }
        return .scheduled(ScheduledShutdown(at: at, restart: restart, message: String(rest.dropFirst(2))))
    }

    private static func poweredDown(_ text: String) -> EventDetail? {
        let words = text.split(separator: " ")
        guard words.count >= 6, let ended = Int(words[0]), let suspended = Int(words[3]),
            text == EventDetail.poweredDown(ended: ended, suspended: suspended).text
        else { return nil }
        return .poweredDown(ended: ended, suspended: suspended)
    }
}
