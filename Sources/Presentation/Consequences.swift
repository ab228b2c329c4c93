import Foundation
import SessionEngine

/// What a dry run's outcome means in one sentence, and the work it loses: the dashboard's preview
/// ("This ends 3 sessions. 1 suspended session loses its unsaved work.").
public struct Consequences: Sendable, Equatable {
    /// `This ends 3 sessions and locks 1 session.`, or `This changes nothing.`
    public var summary: String
    /// Set when suspended sessions end: their unsaved work is lost (nobody is at them to save it).
    public var loss: String?

    public init(_ outcome: Outcome) {
        var parts: [String] = []
        func count(_ name: EventName) -> Int { outcome.events.filter { $0.name == name }.count }
        func add(_ verb: String, _ n: Int, _ noun: String) {
            if n > 0 { parts.append("\(verb) \(n) \(noun)\(n == 1 ? "" : "s")") }
        }
        add("ends", count(.ended), "session")
        add("suspends", count(.suspended), "session")
        add("locks", count(.locked), "session")
        add("unlocks", count(.unlocked), "session")
        add("blocks", count(.stationBlocked), "station")
        add("unblocks", count(.stationUnblocked), "station")
        add("sends", count(.messageSent), "message")
        add("shuts down", count(.computerShutdown), "computer")
        add("restarts", count(.computerRestarted), "computer")
        add("starts", count(.computerStarted), "computer")
        add("schedules", count(.shutdownScheduled), "shutdown or restart")
        add("cancels", count(.shutdownCancelled), "scheduled shutdown")
        summary =
            parts.isEmpty
            ? "This changes nothing."
            : "This " + (parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")) + "."
        let lost = outcome.events.filter { $0.name == .ended && $0.from == .session(.suspended) }.count
        loss =
            lost == 0
            ? nil
            : "\(lost) suspended session\(lost == 1 ? " loses its" : "s lose their") unsaved work: nobody is at \(lost == 1 ? "it" : "them") to save it."
    }
}
