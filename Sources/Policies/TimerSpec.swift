import Foundation
import Lua
import SessionEngine

/// When a timer fires.
public enum TimerSpec: Hashable, Sendable, CustomStringConvertible {
    /// Every `seconds`, aligned to the clock (a 5-minute timer fires at :00, :05, …).
    case every(seconds: Int, text: String)
    /// At a local time of day on some weekdays (1 = Sunday … 7 = Saturday, as `Calendar`), with a grace window.
    case at(hour: Int, minute: Int, weekdays: Set<Int>, grace: Int, text: String)
    /// Once, `seconds` after it was set.
    case after(seconds: Int, text: String)

    /// `every 1m`, `at 22:00 on weekdays`, `at 07:30 on mon, fri`, `at 12:00` (daily), `after 5m`.
    public var description: String {
        guard case .at(_, _, let weekdays, _, _) = self, weekdays != Self.dayGroups["daily"] else { return keyText }
        if let group = Self.dayGroups.first(where: { $0.value == weekdays })?.key { return "\(keyText) on \(group)" }
        let names = Self.dayNames.sorted { ($0.value + 5) % 7 < ($1.value + 5) % 7 }.filter { weekdays.contains($0.value) }
        return "\(keyText) on \(names.map(\.key).joined(separator: ", "))"
    }

    /// The part of a timer's saved key after `POLICY/`: `every 1m`, `at 22:00` (days are not in it,
    /// so changing them keeps the schedule's key).
    var keyText: String {
        switch self {
        case .every(_, let text): return "every \(text)"
        case .at(_, _, _, _, let text): return "at \(text)"
        case .after(_, let text): return "after \(text)"
        }
    }

    /// The first time strictly after `date` that the timer fires.
    public func next(after date: Date, calendar: Calendar) -> Date {
        switch self {
        case .every(let seconds, _):
            let period = Double(max(1, seconds))
            return Date(timeIntervalSince1970: (floor(date.timeIntervalSince1970 / period) + 1) * period)
        case .after(let seconds, _):
            return date + Double(seconds)
        case .at(let hour, let minute, let weekdays, _, _):
            var day = calendar.startOfDay(for: date)
            for _ in 0..<15 {
                if let candidate = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day),
                    candidate > date, weekdays.contains(calendar.component(.weekday, from: candidate))
                {
                    return candidate
                }
                guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { break }
                day = following
            }
            return date + 86_400
        }
    }

    /// How late a due run may still happen; later ones are skipped (the schedule moves on).
    public var grace: TimeInterval? {
        if case .at(_, _, _, let grace, _) = self { return TimeInterval(grace) }
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
        var grace = 3600
        if let options {
            if let unknown = options.fields.keys.sorted().first(where: { !PolicyNames.atOptions.contains($0) }) {
                throw LuaScriptError("at: " + NameSuggestion.unknown("option", unknown, allowed: PolicyNames.atOptions))
            }
            switch options["days"] {
            case .nil: break
            case .string(let word) where dayGroups[word] != nil: weekdays = dayGroups[word] ?? weekdays
            case .table(let list) where !list.array.isEmpty:
                // A list may name days and groups alike: { "weekdays" } as a policy's list setting gives it.
                weekdays = []
                for item in list.array {
                    guard let word = item.stringValue, let days = days(named: word) else {
                        throw LuaScriptError(
                            "at: days must name weekdays (\"mon\" … \"sun\") or be \"weekdays\", \"weekends\" or \"daily\", not \(item.typeName == "string" ? "\"\(item.stringValue ?? "")\"" : item.typeName)"
                        )
                    }
                    weekdays.formUnion(days)
                }
            default:
                throw LuaScriptError("at: days must be a list such as { \"mon\", \"fri\" }, or \"weekdays\", \"weekends\" or \"daily\"")
            }
            if options["grace"] != .nil { grace = try PolicyValues.seconds(options["grace"], what: "at: grace") }
        }
        return .at(hour: hour, minute: minute, weekdays: weekdays, grace: grace, text: time)
    }
}
