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

    public var description: String {
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
            if let unknown = options.fields.keys.sorted().first(where: { $0 != "days" && $0 != "grace" }) {
                throw LuaScriptError("at: unknown option '\(unknown)' (allowed: days, grace)")
            }
            switch options["days"] {
            case .nil: break
            case .string("weekdays"): weekdays = [2, 3, 4, 5, 6]
            case .string("weekends"): weekdays = [1, 7]
            case .string("daily"): break
            case .table(let list) where !list.array.isEmpty:
                weekdays = []
                for item in list.array {
                    guard let name = item.stringValue?.lowercased().prefix(3), let day = dayNames[String(name)] else {
                        throw LuaScriptError("at: days must name weekdays (\"mon\" … \"sun\"), or be \"weekdays\" or \"weekends\"")
                    }
                    weekdays.insert(day)
                }
            default:
                throw LuaScriptError("at: days must be a list such as { \"mon\", \"fri\" }, or \"weekdays\" or \"weekends\"")
            }
            if options["grace"] != .nil { grace = try PolicyValues.seconds(options["grace"], what: "at: grace") }
        }
        return .at(hour: hour, minute: minute, weekdays: weekdays, grace: grace, text: time)
    }
}
