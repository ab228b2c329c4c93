import Foundation

/// A day of the week, numbered as ISO 8601 does (Monday is 1, Sunday is 7).
public enum Weekday: Int, CaseIterable, Comparable, Hashable, Sendable, CustomStringConvertible {
    case monday = 1
    case tuesday
    case wednesday
    case thursday
    case friday
    case saturday
    case sunday

    /// Monday to Friday: the school week unless a calendar says otherwise.
    public static let mondayToFriday: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// The English name in lower case (`monday`).
    public var description: String {
        switch self {
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        case .sunday: "sunday"
        }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A calendar date with no time and no time zone: a day on the school's wall calendar.
///
/// Dates are proleptic Gregorian, years 1 to 9999. Building one checks that the day exists:
///
/// ```swift
/// let armistice = try LocalDate("2026-11-11")
/// armistice.weekday                 // .wednesday
/// armistice.adding(days: 1)         // 2026-11-12
/// try LocalDate("2026-02-30")       // throws: February 2026 has 28 days
/// ```
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, 1 to 9999.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 28, 29, 30 or 31.
    public let day: Int

    /// The date `year-month-day`, refused when that day does not exist.
    public init(year: Int, month: Int, day: Int) throws(CalendarError) {
        let text = Self.format(year, month, day)
        guard (1...9999).contains(year) else {
            throw CalendarError(.invalidDate, "\"\(text)\" is not a date: the year must be 0001 to 9999")
        }
        guard (1...12).contains(month) else {
            throw CalendarError(.invalidDate, "\"\(text)\" is not a date: the month must be 01 to 12")
        }
        let length = Self.daysIn(month: month, year: year)
        guard (1...length).contains(day) else {
            throw CalendarError(
                .invalidDate, "\"\(text)\" is not a date: \(Self.monthNames[month - 1]) \(year) has \(length) days")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date written `YYYY-MM-DD` (`2026-09-01`), refused when it is written otherwise or does not exist.
    public init(_ text: String) throws(CalendarError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Self.digits(parts[0]), let month = Self.digits(parts[1]), let day = Self.digits(parts[2])
        else {
            throw CalendarError(.invalidDate, "\"\(text)\" is not a date: dates are written YYYY-MM-DD, like 2026-09-01")
        }
        try self.init(year: year, month: month, day: day)
    }

    /// The local date of `instant` in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let local = LocalClock.wallSeconds(of: instant, in: zone)
        self.init(dayNumber: Self.floorDivide(local, 86_400))
    }

    /// The date `dayNumber` days after 1970-01-01 (before it when negative), clamped to years 1 to 9999.
    init(dayNumber: Int) {
        // Civil date from a day count: shift the year to start on March 1 so that the leap day is
        // the last day of a "year", then split into 400-year eras of 146 097 days.
        let clamped = min(max(dayNumber, Self.firstDayNumber), Self.lastDayNumber)
        let shifted = clamped + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before it).
    var dayNumber: Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        Weekday(rawValue: Self.floorModulo(dayNumber + 3, 7) + 1) ?? .monday
    }

    /// The date `days` days later (earlier when negative), kept within years 1 to 9999.
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// The number of days from this date to `other` (negative when `other` is earlier).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// `YYYY-MM-DD`.
    public var description: String { Self.format(year, month, day) }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// The number written with ASCII digits only, else nil.
    static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    static func floorModulo(_ value: Int, _ divisor: Int) -> Int { value - floorDivide(value, divisor) * divisor }

    static let firstDayNumber = -719_162  // 0001-01-01
    static let lastDayNumber = 2_932_896  // 9999-12-31
}

/// A time of day to the minute, on the 24-hour clock, with no date and no time zone.
///
/// ```swift
/// let start = try LocalTime("08:30")
/// start.hour          // 8
/// try LocalTime("25:00")   // throws: the hour must be 00 to 23
/// ```
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The hour, 0 to 23.
    public let hour: Int
    /// The minute, 0 to 59.
    public let minute: Int

    /// The time `hour:minute`, refused out of 00:00–23:59.
    public init(hour: Int, minute: Int) throws(CalendarError) {
        try Self.check(hour, minute, written: Self.text(hour, minute))
        self.hour = hour
        self.minute = minute
    }

    /// 00:00, the start of a day.
    public static let midnight = LocalTime(checkedHour: 0, minute: 0)

    /// The time written `HH:MM` or `H:MM` on the 24-hour clock (`08:30`, `8:30`, `17:05`).
    public init(_ text: String) throws(CalendarError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let hour = LocalDate.digits(parts[0]), let minute = LocalDate.digits(parts[1])
        else {
            throw CalendarError(.invalidTime, "\"\(text)\" is not a time of day: times are written HH:MM on the 24-hour clock, like 08:30")
        }
        try Self.check(hour, minute, written: text)
        self.hour = hour
        self.minute = minute
    }

    private static func check(_ hour: Int, _ minute: Int, written text: String) throws(CalendarError) {
        guard (0...23).contains(hour) else {
            throw CalendarError(.invalidTime, "\"\(text)\" is not a time of day: the hour must be 00 to 23 (times are HH:MM, 24-hour)")
        }
        guard (0...59).contains(minute) else {
            throw CalendarError(.invalidTime, "\"\(text)\" is not a time of day: the minute must be 00 to 59")
        }
    }

    /// Minutes since midnight, 0 to 1439.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// `HH:MM`.
    public var description: String { Self.text(hour, minute) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutesSinceMidnight < rhs.minutesSinceMidnight }

    static func text(_ hour: Int, _ minute: Int) -> String {
        "\(hour < 10 && hour >= 0 ? "0" : "")\(hour):\(minute < 10 && minute >= 0 ? "0" : "")\(minute)"
    }
}
