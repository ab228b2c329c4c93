import Foundation
import SessionEngine
import Simulation
import StationConfig

/// How a simulation's report reads.
extension Render {
    public static func json(_ report: Simulation.Report) -> JSON {
        var items = report.events.map { json($0) }
        for refusal in report.refusals {
            items.append(
                .object([
                    ("seq", .null), ("at", .date(refusal.at)), ("event", .string("refused")),
                    ("session", .null), ("user", .null), ("computer", .null), ("station", .null),
                    ("from", .null), ("to", .null), ("actor", .string("scenario")),
                    ("reason", .string(refusal.location)), ("detail", .string(refusal.message)),
                ]))
        }
        return .array(items)
    }

    /// `08:02`, or `+1d 08:02` after the first day.
    public static func clock(_ date: Date, from start: Date, calendar: Calendar = .current) -> String {
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: start), to: calendar.startOfDay(for: date)).day ?? 0
        let time = String(format: "%02d:%02d", calendar.component(.hour, from: date), calendar.component(.minute, from: date))
        return days > 0 ? "+\(days)d \(time)" : time
    }

    /// The zone as people write it: `Europe/Paris`, and `UTC` for the aliases of UTC (`Etc/UTC`, `GMT`…).
    public static func zoneName(_ zone: TimeZone) -> String {
        zone.secondsFromGMT() == 0
            && ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"].contains(zone.identifier)
            ? "UTC" : zone.identifier
    }

    public static func timeline(_ report: Simulation.Report, title: String) -> String {
        let start = report.window.from
        var lines = [
            "\(title)",
            "from \(start.formatted(date: .abbreviated, time: .shortened)) to \(report.window.until.formatted(date: .abbreviated, time: .shortened)) (\(zoneName(TimeZone.current)))",
            "",
        ]
        var table = Table("TIME", "ACTOR", "WHAT HAPPENED")
        var entries: [(Date, Int, [String])] = report.events.enumerated().map { index, event in
            var what = sentence(event)
            if let reason = event.reason, reason != "scenario", event.name != .messageSent { what += " (\(reason))" }
            return (event.at, index, [clock(event.at, from: start), event.actor.rawValue, what])
        }
        for (index, refusal) in report.refusals.enumerated() {
            entries.append(
                (
                    refusal.at, report.events.count + index,
                    [clock(refusal.at, from: start), "scenario", "REFUSED \(refusal.location.map { "(\($0)) " } ?? "")\(refusal.message)"]
                ))
        }
        for entry in entries.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            table.rows.append(entry.2)
        }
        lines.append(table.text)
        lines.append(summary(report))
        return lines.joined(separator: "\n") + "\n"
    }

    public static func summary(_ report: Simulation.Report) -> String {
        let events = report.events
        var lines = ["Summary"]
        let endedByPolicy = Dictionary(grouping: events.filter { $0.name == .ended && $0.actor.policyName != nil }) {
            $0.actor.policyName ?? ""
        }
        lines.append(
            "  sessions ended by policies: "
                + (endedByPolicy.isEmpty
                    ? "none"
                    : endedByPolicy.keys.sorted().map { "\($0) \(endedByPolicy[$0]?.count ?? 0)" }.joined(separator: ", ")))
        let lost = events.filter { event in
            guard event.name == .ended, event.from == .session(.suspended) else { return false }
            return event.detail == .endCause(.shutdown) || event.detail == .endCause(.restart)
        }
        lines.append(
            "  work lost at shutdown or restart: "
                + (lost.isEmpty
                    ? "none"
                    : "\(lost.count) suspended session(s): "
                        + lost.map { "\($0.user ?? "?")@\($0.computer ?? "?") at \(clock($0.at, from: report.window.from))" }.joined(
                            separator: ", ")))
        let messages = Dictionary(grouping: events.filter { $0.name == .messageSent }, by: \.actor.rawValue)
        lines.append(
            "  messages sent: \(messages.values.map(\.count).reduce(0, +))"
                + (messages.isEmpty
                    ? ""
                    : " (" + messages.keys.sorted().map { "\($0) \(messages[$0]?.count ?? 0)" }.joined(separator: ", ") + ")"))
        let locked = events.filter { $0.name == .locked && $0.actor.policyName != nil }.count
        if locked > 0 { lines.append("  stations locked by policies: \(locked)") }
        lines.append("  refused scenario steps: \(report.refusals.count)")
        let errors = events.filter { $0.name == .policyError }
        lines.append(
            "  policy errors: \(errors.count)" + errors.prefix(3).map { "\n    \($0.actor.rawValue): \($0.detail?.text ?? "")" }.joined())
        for log in report.logs.prefix(5) { lines.append("  log: \(log)") }
        lines += perDay(report)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Wed 4 Mar`, the same in every locale.
    static func dayFormat(_ calendar: Calendar) -> DateFormatter {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = calendar.timeZone
        format.dateFormat = "EEE d MMM"
        return format
    }

    /// When the simulation spans several days: what each day saw (sign-ins, sessions ended,
    /// shutdowns and restarts scheduled and done, messages, refusals).
    static func perDay(_ report: Simulation.Report, calendar: Calendar = .current) -> [String] {
        let first = calendar.startOfDay(for: report.window.from)
        let last = calendar.startOfDay(for: report.window.until - 1)
        guard first < last else { return [] }
        var lines = ["  per day:"]
        var day = first
        while day <= last {
            let next = calendar.date(byAdding: .day, value: 1, to: day) ?? day + 86_400
            let events = report.events.filter { $0.at >= day && $0.at < next }
            func count(_ name: EventName) -> Int { events.filter { $0.name == name }.count }
            let refused = report.refusals.filter { $0.at >= day && $0.at < next }.count
            var parts = ["\(count(.signedIn)) sign-in(s)", "\(count(.ended)) ended", "\(count(.messageSent)) message(s)"]
            if count(.shutdownScheduled) > 0 { parts.append("\(count(.shutdownScheduled)) shutdown(s) scheduled") }
            if count(.computerShutdown) + count(.computerRestarted) > 0 {
                parts.append("\(count(.computerShutdown)) shut down, \(count(.computerRestarted)) restarted")
            }
            if refused > 0 { parts.append("\(refused) refused step(s)") }
            lines.append("    \(dayFormat(calendar).string(from: day)): " + parts.joined(separator: ", "))
            day = next
        }
        return lines
    }

    /// For the demo: what each policy is for, and what it did today.
    public static func explanation(_ report: Simulation.Report, config: StationConfig) -> String {
        let span = perDay(report).isEmpty ? "today" : "this week"
        var lines = ["What the policies did"]
        for policy in config.policies {
            let actor = "policy:\(policy.name)"
            let mine = report.events.filter { $0.actor.rawValue == actor }
            let counts = Dictionary(grouping: mine, by: \.name.rawValue).map { "\($1.count) \($0)" }.sorted().joined(separator: ", ")
            lines.append("  \(policy.name): \(demoPurpose[policy.name] ?? "")")
            lines.append("    \(span): " + (counts.isEmpty ? "nothing to do" : counts))
        }
        lines.append(
            """

            Try it on your own lab: write a scenario like examples/demo/school-day.lua and run
              stationctl simulate my-day.lua --config /etc/stationkeeper/stationkeeper.lua --from 07:30 --until 18:00
            """)
        return lines.joined(separator: "\n")
    }

    public static let demoPurpose = [
        "lock-idle-active": "locks an active session after 15 minutes without activity, so nobody works in someone else's session.",
        "end-idle-suspended": "ends sessions left suspended for 2 hours: a suspended session holds memory until the computer shuts down.",
        "warn-before-shutdown":
            "messages every user when a shutdown is scheduled and again 5 and 1 minutes before, telling suspended users their work will be lost.",
        "nightly-shutdown": "schedules the lab's shutdown at 17:30 on weekdays, 15 minutes ahead, so the warnings can go out.",
    ]
}
