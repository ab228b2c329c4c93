import Foundation

/// A mistake in a school calendar or in an iCalendar file: what is wrong, what is allowed, and the
/// line when it was read from a file.
///
/// Callers switch on ``code``, never on the message. ``description`` is the message with the line in
/// front (`12: DTSTART …`), so a config error only has to add the file name:
///
/// ```swift
/// do {
///     _ = try LocalDate("2026-02-30")
/// } catch let error as CalendarError {
///     print(error)   // "2026-02-30" is not a date: February 2026 has 28 days
/// }
/// ```
public struct CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake it is.
    public enum Code: String, Hashable, Sendable {
        /// A date that is not written `YYYY-MM-DD` or that does not exist (`2026-02-30`).
        case invalidDate
        /// A time of day that is not written `HH:MM` or is out of range (`25:00`).
        case invalidTime
        /// A range whose end comes before its start (a period, a term, a holiday).
        case reversedRange
        /// Two periods that share some minutes, or two periods with the same name.
        case overlappingPeriods
        /// Two terms that share some days.
        case overlappingTerms
        /// A name that is empty, too long, or holds spaces.
        case invalidName
        /// A time zone that is not an IANA name this system knows.
        case unknownTimeZone
        /// An iCalendar file that does not follow RFC 5545 (a missing `END:VEVENT`, a line without `:`…).
        case malformedICalendar
        /// An iCalendar construct outside the subset read here (`FREQ=HOURLY`, `RDATE;VALUE=PERIOD`…).
        case unsupportedICalendar
        /// A recurrence that would give more occurrences than ``ICalendar/maximumOccurrences``.
        case tooManyOccurrences
    }

    /// What kind of mistake it is.
    public let code: Code
    /// What is wrong and what is allowed, without the line.
    public let message: String
    /// The line of the file it was read from (1-based), when it came from a file.
    public let line: Int?

    /// An error with its code, its message and, for a file, its line.
    public init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    /// `LINE: MESSAGE` when the line is known, else the message.
    public var description: String {
        guard let line else { return message }
        return "\(line): \(message)"
    }

    /// The same error, at `line` unless it already has one.
    func at(line: Int?) -> CalendarError {
        CalendarError(code, message, line: self.line ?? line)
    }
}
