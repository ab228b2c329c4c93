import Foundation
import Lua
import SchoolCalendar
import SessionEngine

/// When a timer fires.
public enum TimerSpec: Hashable, Sendable, CustomStringConvertible {
    /// Every `seconds`, aligned to the clock (a 5-minute timer fires at :00, :05, …); with `days`,
    /// only on those days (weekdays, and school days or holidays of the calendar).
    case every(seconds: Int, text: String, weekdays: Set<Int> = Set(1...7), only: SchoolCalendar.DayWord? = nil)
    /// At a local time of day on some weekdays (1 = Sunday … 7 = Saturday, as `Calendar`), with a
    /// grace window; with `only`, on those weekdays that are also school days (or holidays) of the
    /// config's calendar.
    case at(hour: Int, minute: Int, weekdays: Set<Int>, grace: Int, text: String, only: SchoolCalendar.DayWord? = nil)
    /// Once, `seconds` after it was set.
    case after(seconds: Int, text: String)

    /// `every 1m`, `at 22:00 on weekdays`, `at 07:30 on mon, fri`, `at 12:00` (daily), `after 5m`.
    public var description: String {
        let rule: (weekdays: Set<Int>, only: SchoolCalendar.DayWord?)
        switch self {
        case .at(_, _, let weekdays, _, _, let only), .every(_, _, let weekdays, let only): rule = (weekdays, only)
        case .after: return keyText
        }
        let (weekdays, only) = rule
        let filter = only.map { $0 == .schoolDays ? "school days" : "holidays" }
        if weekdays == Self.dayGroups["daily"] { return filter.map { "\(keyText) on \($0)" } ?? keyText }
        let days: String
        if let group = Self.dayGroups.first(where: { $0.value == weekdays })?.key {
            days = group
        } else {
            let names = Self.dayNames.sorted { ($0.value + 5) % 7 < ($1.value + 5) % 7 }.filter { weekdays.contains($0.value) }
            days = names.map(\.key).joined(separator: ", ")
        }
        return "\(keyText) on \(days)" + (filter.map { " that are \($0)" } ?? "")
    }

    /// The part of a timer's saved key after `POLICY/`: `every 1m`, `at 22:00` (days are not in it,
    /// so changing them keeps the schedule's key).
    var keyText: String {
        switch self {
        case .every(_, let text, _, _): return "every \(text)"
        case .at(_, _, _, _, let text, _): return "at \(text)"
        case .after(_, let text): return "after \(text)"
        }
    }

    /// The first time strictly after `date` that the timer fires. An `at` time is a local time of
    /// `calendar`'s zone (the school calendar's, when the config has one): on the day the clocks go
    /// forward, a time in the skipped hour runs at the first instant after it (02:30 → 03:00); on
    /// the day they go back, a time that happens twice runs once, the first time.
    public func next(after date: Date, calendar: Calendar, school: SchoolCalendar?) -> Date {
        switch self {
        case .every(let seconds, _, let weekdays, let only):
            let period = Double(max(1, seconds))
            var candidate = Date(timeIntervalSince1970: (floor(date.timeIntervalSince1970 / period) + 1) * period)
            guard weekdays.count < 7 || only != nil else { return candidate }
            // On a day it does not run, go to the first aligned time of the next local day.
            let clock = LocalClock(timeZone: calendar.timeZone)
            for _ in 0..<400 {
                let day = LocalDate(candidate, in: calendar.timeZone)
                if Self.runs(on: day, weekdays: weekdays, only: only, school: school) { return candidate }
                let midnight = clock.instant(of: .midnight, on: day.adding(days: 1))
                candidate = Date(timeIntervalSince1970: ceil(midnight.timeIntervalSince1970 / period) * period)
            }
            return candidate
        case .after(let seconds, _):
            return date + Double(seconds)
        case .at(let hour, let minute, let weekdays, _, _, let only):
            let clock = LocalClock(timeZone: calendar.timeZone)
            guard let time = try? LocalTime(hour: hour, minute: minute) else { return date + 86_400 }
            var day = LocalDate(date, in: calendar.timeZone)
            // A year and a bit: school days can be a summer away, holidays a term away.
            for _ in 0..<(only == nil ? 15 : 400) {
                // The cheap check first: resolving a local time costs a few zone lookups.
                if Self.runs(on: day, weekdays: weekdays, only: only, school: school) {
                    let candidate = clock.instant(of: time, on: day)
                    if candidate > date { return candidate }
                }
                day = day.adding(days: 1)
            }
            return date + 86_400 * 400
        }
    }

    /// Whether a timer with these days runs on `day` (weekdays as `Calendar` numbers them).
    static func runs(on day: LocalDate, weekdays: Set<Int>, only: SchoolCalendar.DayWord?, school: SchoolCalendar?) -> Bool {
        weekdays.contains(day.weekday.rawValue % 7 + 1) && (only.map { word in school?.matches(word, on: day) ?? false } ?? true)
    }

    /// How late a due run may still happen; later ones are skipped (the schedule moves on).
    public var grace: TimeInterval? {
        if case .at(_, _, _, let grace, _, _) = self { return TimeInterval(grace) }
        return nil
    }

    static let dayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]
    static let dayGroups: [String: Set<Int>] = ["weekdays": [2, 3, 4, 5, 6], "weekends": [1, 7], "daily": Set(1...7)]

    /// `"mon"` (or `"monday"`), or a group (`"weekdays"`, `"weekends"`, `"daily"`).
    static func days(named word: String) -> Set<Int>? {
        if let group = dayGroups[word.lowercased()] { return group }
        return dayNames[String(word.lowercased().prefix(3))].map { [$0] }
    }

    /// Parses `at("HH:MM", fn, { days = …, grace = … })`'s arguments.
    static func at(_ time: String, options: LuaTable?) throws -> TimerSpec {
        let parts = time.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else {
            throw LuaScriptError("at: '\(time)' is not a time of day: use \"HH:MM\" (24-hour), for example \"22:00\"")
        }
        var weekdays = Set(1...7)
        var only: SchoolCalendar.DayWord?
        var grace = 3600
        if let options {
            if let unknown = options.fields.keys.sorted().first(where: { !PolicyNames.atOptions.contains($0) }) {
                throw LuaScriptError("at: " + NameSuggestion.unknown("option", unknown, allowed: PolicyNames.atOptions))
            }
            (weekdays, only) = try days(options["days"], api: "at")
            if options["grace"] != .nil { grace = try PolicyValues.seconds(options["grace"], what: "at: grace") }
        }
        return .at(hour: hour, minute: minute, weekdays: weekdays, grace: grace, text: time, only: only)
    }

    /// A timer's `days` option: the weekdays it runs on, and "school_days" or "holidays".
    static func days(_ value: LuaValue, api: String) throws -> (Set<Int>, SchoolCalendar.DayWord?) {
        var weekdays = Set(1...7)
        var only: SchoolCalendar.DayWord?
        let options = LuaTable(fields: ["days": value])
        switch options["days"] {
        case .nil: break
        case .string(let word) where dayGroups[word] != nil: weekdays = dayGroups[word] ?? weekdays
        case .string(let word) where schoolWord(word) != nil: only = schoolWord(word)
        case .table(let list) where !list.array.isEmpty:
            // A list may name days and groups alike: { "weekdays" } as a policy's list setting
            // gives it; "school_days" or "holidays" in it keep only those of the listed days.
            var named: Set<Int> = []
            for item in list.array {
                if let word = item.stringValue, let school = schoolWord(word) {
                    guard only == nil || only == school else {
                        throw LuaScriptError("\(api): days may hold \"school_days\" or \"holidays\", not both")
                    }
                    only = school
                    continue
                }
                guard let word = item.stringValue, let days = days(named: word) else {
                    throw LuaScriptError(
                        "\(api): days must name weekdays (\"mon\" … \"sun\") or be \"weekdays\", \"weekends\", \"daily\", \"school_days\" or \"holidays\", not \(item.typeName == "string" ? "\"\(item.stringValue ?? "")\"" : item.typeName)"
                    )
                }
                named.formUnion(days)
            }
            weekdays = named.isEmpty ? weekdays : named
        default:
            throw LuaScriptError(
                "\(api): days must be a list such as { \"mon\", \"fri\" }, or \"weekdays\", \"weekends\", \"daily\", \"school_days\" or \"holidays\""
            )
        }
        return (weekdays, only)
    }

    /// `every("5m", fn, { days = … })`'s options.
    static func every(seconds: Int, text: String, options: LuaTable?) throws -> TimerSpec {
        guard let options else { return .every(seconds: seconds, text: text) }
        if let unknown = options.fields.keys.sorted().first(where: { $0 != "days" }) {
            throw LuaScriptError("every: " + NameSuggestion.unknown("option", unknown, allowed: ["days"]))
        }
        let (weekdays, only) = try days(options["days"], api: "every")
        return .every(seconds: seconds, text: text, weekdays: weekdays, only: only)
    }

    /// `"school_days"` or `"holidays"`: days of the config's calendar.
    static func schoolWord(_ word: String) -> SchoolCalendar.DayWord? {
        try? SchoolCalendar.DayWord(word)
    }

    /// The calendar's day filter, when this timer has one.
    public var schoolFilter: SchoolCalendar.DayWord? {
        switch self {
        case .at(_, _, _, _, _, let only), .every(_, _, _, let only): return only
        case .after: return nil
        }
    }
}
