import Foundation
import Policies
import SchoolCalendar
import SessionEngine
import SessionStore
import StationConfig

/// `--from` and `--until` as the simulation reads them.
public enum SimulationWindow {
    public static func parse(from: String?, until: String?, now: Date, calendar: Calendar = .current) throws -> Simulation.Window {
        let start: Date
        if let from {
            start = try time(from, on: now, calendar: calendar, option: "--from")
        } else {
            start = calendar.date(bySettingHour: 7, minute: 0, second: 0, of: now) ?? now
        }
        let end: Date
        switch until {
        case nil:
            end = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: start)) ?? start + 86_400
        case let text? where (try? Durations.seconds(text)) != nil:
            end = start + TimeInterval(try Durations.seconds(text))
        case let text?:
            var candidate = try time(text, on: start, calendar: calendar, option: "--until")
            if candidate <= start && !text.contains("-") { candidate += 86_400 }
            end = candidate
        }
        guard end > start else { throw EngineError.invalid("--until must be after --from") }
        guard end.timeIntervalSince(start) <= 31 * 86_400 else {
            throw EngineError.invalid("a simulation covers at most 31 days")
        }
        return Simulation.Window(from: start, until: end)
    }

    /// `HH:MM` on `day`, `YYYY-MM-DD HH:MM` in local time, or ISO 8601.
    static func time(_ text: String, on day: Date, calendar: Calendar, option: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let parts = text.split(separator: " ")
        var base = day
        var clock = text
        if parts.count == 2 {
            let ymd = parts[0].split(separator: "-").compactMap { Int($0) }
            guard ymd.count == 3, let date = calendar.date(from: DateComponents(year: ymd[0], month: ymd[1], day: ymd[2])) else {
                throw EngineError.invalid("\(option) '\(text)' is not a time: use HH:MM, YYYY-MM-DD HH:MM or ISO 8601")
            }
            base = date
            clock = String(parts[1])
        }
        let hm = clock.split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]),
            let date = calendar.date(bySettingHour: hm[0], minute: hm[1], second: 0, of: base)
        else {
            throw EngineError.invalid("\(option) '\(text)' is not a time: use HH:MM, YYYY-MM-DD HH:MM or ISO 8601")
        }
        return date
    }
}

extension Simulation {
    /// A whole `stationctl simulate` (and the dashboard's simulation page): the scenario file
    /// read, `--from`/`--until` read against `now`, played from an empty lab or from a copy of the
    /// live store (only read; SQLite or PostgreSQL).
    public static func play(
        config: StationConfig, scenario path: String, from: String?, until: String?, now: Date, live: SessionStore? = nil
    ) throws -> Report {
        let scenario = try Scenario.load(path: path)
        let calendar = try localCalendar(of: config)
        let window = try SimulationWindow.parse(from: from, until: until, now: now, calendar: calendar)
        return try Simulation(config: config, scenario: scenario, window: window, calendar: calendar, startingFrom: live).run()
    }

    /// The calendar a scenario's times are read in: the school calendar's zone when the config
    /// has one (as its policies' `at` times are), else this machine's.
    public static func localCalendar(of config: StationConfig) throws -> Calendar {
        var calendar = Calendar.current
        calendar.timeZone = try SchoolCalendar.timeZone(named: config.calendar?.timeZone)
        return calendar
    }
}
