import Foundation

/// A named part of the school day, from a local start time to a local end time on the same day
/// (`P1 08:30-09:25`). The end is excluded: a period ending at 12:00 and one starting at 12:00 do
/// not overlap.
///
/// ```swift
/// let first = try Period(name: "P1", "08:30-09:25")
/// first.contains(try LocalTime("09:24"))   // true
/// first.contains(try LocalTime("09:25"))   // false: the end is excluded
/// ```
public struct Period: Hashable, Sendable, CustomStringConvertible {
    /// The name policies use for it (`P1`, `lunch`): 1 to 64 characters, no spaces.
    public let name: String
    /// When it starts, local time.
    public let start: LocalTime
    /// When it ends (excluded), local time; after ``start``.
    public let end: LocalTime

    /// The period `name` from `start` to `end`, refused when `end` is not after `start` or the name is not valid.
    public init(name: String, start: LocalTime, end: LocalTime) throws(CalendarError) {
        try Names.check(name, what: "a period name")
        guard start < end else {
            throw CalendarError(
                .reversedRange,
                "period \(name): \(start)-\(end) ends before it starts (a period starts and ends on the same day, like 08:30-09:25)")
        }
        self.name = name
        self.start = start
        self.end = end
    }

    /// The period `name` written `HH:MM-HH:MM` (`"08:30-09:25"`).
    public init(name: String, _ span: String) throws(CalendarError) {
        let parts = span.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw CalendarError(.invalidTime, "period \(name): \"\(span)\" is not a period: write START-END, like 08:30-09:25")
        }
        let start: LocalTime
        let end: LocalTime
        do throws(CalendarError) {
            start = try LocalTime(String(parts[0]))
            end = try LocalTime(String(parts[1]))
        } catch {
            throw CalendarError(error.code, "period \(name): \(error.message)")
        }
        try self.init(name: name, start: start, end: end)
    }

    /// Whether `time` is in this period: from its start, up to but not including its end.
    public func contains(_ time: LocalTime) -> Bool { start <= time && time < end }

    /// `NAME HH:MM-HH:MM`.
    public var description: String { "\(name) \(start)-\(end)" }
}

/// A span of whole days, both ends included, optionally named: a term or a holiday.
///
/// ```swift
/// let christmas = try DateSpan("2026-12-19..2027-01-03", name: "Christmas")
/// christmas.contains(try LocalDate("2027-01-03"))   // true: both ends are included
/// let armistice = try DateSpan("2026-11-11")         // a single day
/// ```
public struct DateSpan: Hashable, Sendable, CustomStringConvertible {
    /// The first day.
    public let first: LocalDate
    /// The last day (included); not before ``first``.
    public let last: LocalDate
    /// Its name (`Christmas`, `Autumn term`), if it has one.
    public let name: String?
    /// The line of the iCalendar file it came from, if it came from one.
    public let line: Int?

    /// The days `first` through `last`, refused when `last` is before `first`.
    public init(first: LocalDate, last: LocalDate, name: String? = nil, line: Int? = nil) throws(CalendarError) {
        guard first <= last else {
            throw CalendarError(
                .reversedRange,
                "\(Self.label(name))\(first)..\(last) ends before it starts (write FIRST..LAST, like 2026-12-19..2027-01-03)",
                line: line)
        }
        self.first = first
        self.last = last
        self.name = name
        self.line = line
    }

    /// A single day.
    public init(_ day: LocalDate, name: String? = nil, line: Int? = nil) {
        first = day
        last = day
        self.name = name
        self.line = line
    }

    /// A day written `YYYY-MM-DD` or a span written `YYYY-MM-DD..YYYY-MM-DD`.
    public init(_ text: String, name: String? = nil) throws(CalendarError) {
        let ends = text.components(separatedBy: "..")
        switch ends.count {
        case 1: self.init(try LocalDate(text), name: name)
        case 2: try self.init(first: LocalDate(ends[0]), last: LocalDate(ends[1]), name: name)
        default:
            throw CalendarError(.invalidDate, "\"\(text)\" is not a date or a span of dates: write 2026-11-11 or 2026-12-19..2027-01-03")
        }
    }

    /// Whether `day` is one of its days.
    public func contains(_ day: LocalDate) -> Bool { first <= day && day <= last }

    /// Whether it shares a day with `other`.
    public func overlaps(_ other: DateSpan) -> Bool { first <= other.last && other.first <= last }

    /// How many days it holds.
    public var dayCount: Int { first.days(to: last) + 1 }

    /// `FIRST..LAST` (or the one day), with the name in front when it has one.
    public var description: String {
        let span = first == last ? "\(first)" : "\(first)..\(last)"
        return name.map { "\($0) \(span)" } ?? span
    }

    static func label(_ name: String?) -> String { name.map { "\($0): " } ?? "" }
}

/// A term: school days happen only in terms (when a calendar lists any).
public typealias Term = DateSpan
/// A holiday: no school on its days, and the day word `holidays` matches them.
public typealias Holiday = DateSpan

enum Names {
    static func check(_ name: String, what: String) throws(CalendarError) {
        guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw CalendarError(.invalidName, "\"\(name)\" is not \(what): use 1 to 64 characters without spaces, like P1 or lunch")
        }
    }
}
