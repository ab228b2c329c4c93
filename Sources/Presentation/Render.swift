import Foundation
import SessionEngine
import SessionStore

/// The JSON shapes of the README's contract, and the human forms of the same things.
public enum Render {
    public static func json(_ session: Session, now: Date) -> JSON {
        .object([
            ("id", .int(session.id)),
            ("user", .string(session.user)),
            ("computer", .string(session.computer)),
            ("station", .string(session.stationID?.description)),
            ("state", .string(session.state.rawValue)),
            ("suspended_by", .string(session.suspendedBy?.rawValue)),
            ("state_since", .date(session.stateSince)),
            ("last_activity", .date(session.lastActivity)),
            ("idle_seconds", .int(session.idleSeconds(at: now))),
        ])
    }

    public static func json(_ info: StationInfo) -> JSON {
        .object([
            ("id", .string(info.station.id.description)),
            ("computer", .string(info.station.id.computer)),
            ("name", .string(info.station.id.name)),
            ("status", .string(info.status.rawValue)),
            ("session", .int(info.session)),
            ("user", .string(info.user)),
        ])
    }

    public static func json(_ info: ComputerInfo) -> JSON {
        .object([
            ("name", .string(info.computer.name)),
            ("power", .string(info.computer.power.rawValue)),
            ("shutdown_at", .date(info.computer.shutdownAt)),
            ("stations", .int(info.stations)),
            ("sessions", .int(info.sessions)),
        ])
    }

    public static func json(_ event: Event) -> JSON {
        .object([
            ("seq", .int(event.seq)),
            ("at", .date(event.at)),
            ("event", .string(event.name.rawValue)),
            ("session", .int(event.session)),
            ("user", .string(event.user)),
            ("computer", .string(event.computer)),
            ("station", .string(event.station?.description)),
            ("from", .string(event.from?.text)),
            ("to", .string(event.to?.text)),
            ("actor", .string(event.actor.rawValue)),
            ("reason", .string(event.reason)),
            ("detail", .string(event.detail?.text)),
        ])
    }

    public static func json(_ outcome: Outcome, dryRun: Bool) -> JSON {
        .object([
            ("dry_run", .bool(dryRun)),
            ("events", .array(outcome.events.map { json($0) })),
            ("skipped", .array(outcome.skipped.map { .object([("target", .string($0.target)), ("reason", .string($0.reason))]) })),
        ])
    }

    /// `active 12m 03s`, `suspended 2h 05m by admin`.
    public static func state(_ session: Session, now: Date) -> String {
        let age = Durations.format(Int(now.timeIntervalSince(session.stateSince)))
        let by = session.suspendedBy.map { " by \($0.rawValue)" } ?? ""
        return "\(session.state.rawValue) \(age)\(by)"
    }

    /// One line a person reads for an event: `suspended session 4 (alice@LAB-1) at LAB-1/1`.
    public static func sentence(_ event: Event) -> String {
        let session =
            event.session.map { id in
                "session \(id)" + (event.user.map { " (\($0)@\(event.computer ?? "?"))" } ?? "")
            } ?? ""
        let station = event.station?.description ?? "-"
        let detail = event.detail?.text ?? ""
        switch event.name {
        case .signedIn: return "signed in \(event.user ?? "?") at \(station): \(session)"
        case .reconnected: return "reconnected \(session) at \(station)"
        case .moved: return "moved \(session) to \(station) (\(detail)), now active"
        case .locked: return "locked \(session) at \(station)"
        case .unlocked: return "unlocked \(session) at \(station)"
        case .suspended: return "suspended \(session)" + (event.station.map { ", freeing \($0)" } ?? "")
        case .ended:
            let cause = event.detail.map { " (\($0.text.replacingOccurrences(of: "_", with: " ")))" } ?? ""
            return "ended \(session)\(cause), was \(event.from?.text ?? "?")"
        case .stationBlocked: return "blocked \(station) (\"\(detail)\")" + (event.session == nil ? "" : "; \(session) stays alive")
        case .stationUnblocked: return "unblocked \(station), now \(event.to?.text ?? "?")"
        case .computerShutdown: return "shut down \(event.computer ?? "?"): \(detail)"
        case .computerRestarted: return "restarted \(event.computer ?? "?"): \(detail)"
        case .computerStarted: return "started \(event.computer ?? "?")"
        case .shutdownScheduled: return "scheduled \(event.computer ?? "?"): \(detail)"
        case .shutdownCancelled: return "cancelled on \(event.computer ?? "?"): \(detail)"
        case .messageSent: return "message to \(session): \"\(detail)\""
        case .policyError: return "\(event.actor.rawValue) failed: \(detail)"
        case .pluginExec: return "\(event.actor.rawValue) ran \(detail)"
        case .osAction: return "on the machine: \(detail)"
        }
    }

    /// A dry run's line for an event: `would have locked session 4 …`.
    public static func wouldHave(_ event: Event) -> String {
        "would have " + sentence(event)
    }

    /// What an action did (or would do), and what a bulk verb skipped and why.
    public static func outcome(_ outcome: Outcome, dryRun: Bool, nothing: String) -> String {
        var lines = outcome.events.map { dryRun ? wouldHave($0) : sentence($0) }
        if lines.isEmpty && outcome.skipped.isEmpty { lines.append(dryRun ? "would do nothing: \(nothing)" : nothing) }
        if !outcome.skipped.isEmpty {
            lines.append("skipped \(outcome.skipped.count):")
            lines += outcome.skipped.map { "  \($0.target): \($0.reason)" }
        }
        if dryRun { lines.append("dry run: nothing was changed") }
        return lines.joined(separator: "\n") + "\n"
    }
}
