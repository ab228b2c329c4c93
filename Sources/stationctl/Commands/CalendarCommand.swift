import ArgumentParser
import Foundation
import Presentation
import SchoolCalendar

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Show the school days, periods and holidays, and when each enabled policy's timers fire.",
        discussion: """
            Reads calendar { … } of the config (docs/policies.md, "The school calendar"). Without \
            one, every weekday is a school day. Times are in the calendar's time zone. Only `at` and \
            `at_period` timers are listed: `every` timers fire by the clock, whatever the day.
            """)

    @OptionGroup var lab: PathOptions
    @Flag(help: "Seven days from today (the default).")
    var week = false
    @Flag(help: "31 days from today.")
    var month = false
    @Option(help: ArgumentHelp("The first day, YYYY-MM-DD.", valueName: "date"))
    var from: String?
    @Option(name: .customLong("until"), help: ArgumentHelp("The last day, YYYY-MM-DD (at most 366 days after --from).", valueName: "date"))
    var until: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard [week, month, from != nil || until != nil].filter({ $0 }).count <= 1 else {
            throw ValidationError("give one of --week, --month, or --from/--until")
        }
    }

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let calendar = try context.config.schoolCalendar() ?? SchoolCalendar()
            let today = calendar.localDate(of: context.now)
            let first = try from.map { text in try Self.date(text, option: "--from") } ?? today
            let last = try until.map { text in try Self.date(text, option: "--until") } ?? first.adding(days: month ? 30 : 6)
            guard first <= last, first.days(to: last) <= 366 else {
                throw ValidationError("--until must be on or after --from, and at most 366 days later")
            }
            let policies = try context.policies()
            defer { policies.close() }
            let start = calendar.instant(of: .midnight, on: first)
            let end = calendar.instant(of: .midnight, on: last.adding(days: 1)) - 1
            let firings = policies.firings(from: start, until: end)
            let byDay = Dictionary(grouping: firings) { calendar.localDate(of: $0.at) }
            let days = (0...first.days(to: last)).map { first.adding(days: $0) }
            if output.json {
                print(Self.json(calendar, days: days, firings: byDay, configured: context.config.calendar != nil).text, terminator: "")
                return
            }
            print(Self.text(calendar, days: days, firings: byDay, configured: context.config.calendar != nil), terminator: "")
        }
    }

    static func date(_ text: String, option: String) throws -> LocalDate {
        do {
            return try LocalDate(text)
        } catch {
            throw ValidationError("\(option): \(error.message)")
        }
    }

    static func describe(_ day: SchoolCalendar.Day) -> String {
        switch day.kind {
        case .schoolDay: return "school day" + (day.term.map { " (term \($0.name ?? String(day.termIndex ?? 0)))" } ?? "")
        case .holiday: return "holiday" + (day.holiday?.name.map { " (\($0))" } ?? "")
        case .weekend: return "weekend"
        case .outsideTerms: return "no school (between terms)"
        }
    }

    static func text(
        _ calendar: SchoolCalendar, days: [LocalDate], firings: [LocalDate: [(policy: String, timer: String, at: Date)]], configured: Bool
    ) -> String {
        var lines: [String] = []
        lines.append(
            configured
                ? "School calendar, \(Render.zoneName(calendar.timeZone))"
                : "No calendar { } in the config: every weekday is a school day (\(Render.zoneName(calendar.timeZone)))")
        if !calendar.periods.isEmpty {
            lines.append("Periods: " + calendar.periods.map { "\($0.name) \($0.start)-\($0.end)" }.joined(separator: ", "))
        }
        lines.append("")
        var table = Table("DAY", "DATE", "WHAT", "TIMERS")
        for date in days {
            let day = calendar.day(date)
            let timers = (firings[date] ?? []).map { "\(calendar.clock.localDateTime(of: $0.at).time) \($0.policy)" }
            table.add(String(day.weekday.description.prefix(3)), date.description, describe(day), timers.joined(separator: ", "))
        }
        lines.append(table.text)
        return lines.joined(separator: "\n")
    }

    static func json(
        _ calendar: SchoolCalendar, days: [LocalDate], firings: [LocalDate: [(policy: String, timer: String, at: Date)]], configured: Bool
    ) -> JSON {
        .object([
            ("configured", .bool(configured)), ("timezone", .string(calendar.timeZone.identifier)),
            (
                "periods",
                .array(
                    calendar.periods.map {
                        .object([
                            ("name", .string($0.name)), ("start", .string($0.start.description)), ("end", .string($0.end.description)),
                        ])
                    })
            ),
            (
                "days",
                .array(
                    days.map { date in
                        let day = calendar.day(date)
                        return .object([
                            ("date", .string(date.description)), ("weekday", .string(String(day.weekday.description.prefix(3)))),
                            ("kind", .string(day.kind.rawValue)), ("school_day", .bool(day.isSchoolDay)),
                            ("term", .string(day.term.map { $0.name ?? $0.description })),
                            ("holiday", .string(day.holiday.map { $0.name ?? $0.description })),
                            (
                                "timers",
                                .array(
                                    (firings[date] ?? []).map {
                                        .object([("policy", .string($0.policy)), ("timer", .string($0.timer)), ("at", .date($0.at))])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }
}
