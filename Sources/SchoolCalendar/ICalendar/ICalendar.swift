import Foundation

/// The events of an iCalendar (RFC 5545) file, in the subset school timetable software exports.
///
/// Read: `VCALENDAR` holding `VEVENT`s (other components, such as `VTIMEZONE` and `VALARM`, are
/// skipped), with folded lines, `DTSTART` and `DTEND` or `DURATION` as dates (`VALUE=DATE`) or
/// date-times (UTC with `Z`, floating, or `TZID=` an IANA name), `SUMMARY`, `CATEGORIES`, `UID`,
/// `STATUS` (cancelled events are left out), `RRULE` (see ``Recurrence``), `EXDATE`, `RDATE` and
/// `RECURRENCE-ID`.
/// Any other property is ignored. Every mistake is a ``CalendarError`` with its line.
///
/// ```swift
/// let file = try ICalendar(parsing: String(contentsOfFile: "term-dates.ics", encoding: .utf8),
///                          floatingTimeZone: TimeZone(identifier: "Europe/Paris")!)
/// for event in file.events {
///     print(event.summary ?? "-", try event.occurrences(through: LocalDate("2027-08-31")).count)
/// }
/// ```
public struct ICalendar: Hashable, Sendable {
    /// The most occurrences one event may expand to before ``CalendarError/Code/tooManyOccurrences``.
    public static let maximumOccurrences = 10_000

    /// A `DATE` or a `DATE-TIME` value.
    public enum Time: Hashable, Sendable, Comparable {
        /// A whole day (`VALUE=DATE`, `20261219`).
        case date(LocalDate)
        /// An instant: a UTC time, a `TZID` time, or a floating time read in the floating zone.
        case dateTime(Date)

        public static func < (lhs: Time, rhs: Time) -> Bool {
            switch (lhs, rhs) {
            case (.date(let left), .date(let right)): left < right
            case (.dateTime(let left), .dateTime(let right)): left < right
            case (.date, .dateTime): true
            case (.dateTime, .date): false
            }
        }
    }

    /// One occurrence of an event: its start and its end (excluded).
    public struct Occurrence: Hashable, Sendable {
        /// When it starts.
        public let start: Time
        /// When it ends (excluded: an all-day event on 2026-11-11 ends on 2026-11-12).
        public let end: Time
    }

    /// One `VEVENT`.
    public struct Event: Hashable, Sendable {
        /// `SUMMARY`, unescaped.
        public let summary: String?
        /// Every `CATEGORIES` value, unescaped, in order.
        public let categories: [String]
        /// `UID`.
        public let uid: String?
        /// `DTSTART`.
        public let start: Time
        /// `DTEND`, or `DTSTART` plus `DURATION`, or (for a date) the next day, or (for a date-time) `DTSTART`.
        public let end: Time
        /// The zone its times are written in: the `TZID`'s, UTC for `Z`, else the floating zone.
        /// Its recurrences are computed on that zone's wall clock.
        public let timeZone: TimeZone
        /// `RRULE`.
        public let recurrence: ICalendar.Recurrence?
        /// `EXDATE` values: occurrences left out.
        public let exceptionDates: [Time]
        /// `RDATE` values: occurrences added.
        public let extraDates: [Time]
        /// `RECURRENCE-ID`: this event replaces that occurrence of the event with the same ``uid``.
        public let recurrenceID: Time?
        /// Whether `STATUS:CANCELLED`.
        public let isCancelled: Bool
        /// The line of its `BEGIN:VEVENT`.
        public let line: Int
    }

    /// The events, in file order.
    public let events: [Event]

    /// The events of `text`, with floating times (no `Z`, no `TZID`) read in `floatingTimeZone`.
    public init(parsing text: String, floatingTimeZone: TimeZone = .current) throws(CalendarError) {
        var stack: [(name: String, line: Int)] = []
        var events: [Event] = []
        var properties: [ContentLine] = []
        var sawCalendar = false
        for line in try ContentLine.unfold(text) {
            switch line.name {
            case "BEGIN":
                let component = line.value.uppercased()
                if stack.isEmpty, component != "VCALENDAR" {
                    throw CalendarError(
                        .malformedICalendar, "BEGIN:\(line.value) outside a calendar: the file must start with BEGIN:VCALENDAR",
                        line: line.line)
                }
                if component == "VEVENT", stack.last?.name != "VCALENDAR" {
                    throw CalendarError(
                        .malformedICalendar, "BEGIN:VEVENT inside \(stack.last?.name ?? "nothing"): events belong directly in VCALENDAR",
                        line: line.line)
                }
                if component == "VCALENDAR" {
                    guard stack.isEmpty else {
                        throw CalendarError(
                            .malformedICalendar, "BEGIN:VCALENDAR inside BEGIN:\(stack[0].name) of line \(stack[0].line)", line: line.line)
                    }
                    sawCalendar = true
                }
                stack.append((component, line.line))
                if component == "VEVENT" { properties = [] }
            case "END":
                let component = line.value.uppercased()
                guard let open = stack.last else {
                    throw CalendarError(.malformedICalendar, "END:\(line.value) with no BEGIN:\(line.value) before it", line: line.line)
                }
                guard open.name == component else {
                    throw CalendarError(
                        .malformedICalendar,
                        "END:\(line.value) where BEGIN:\(open.name) of line \(open.line) is still open (END:\(open.name) expected)",
                        line: line.line)
                }
                stack.removeLast()
                if component == "VEVENT" {
                    events.append(try Self.event(properties, line: open.line, floatingTimeZone: floatingTimeZone))
                }
            default:
                guard let open = stack.last else {
                    throw CalendarError(
                        .malformedICalendar, "\(line.name) outside a calendar: the file must start with BEGIN:VCALENDAR", line: line.line)
                }
                if open.name == "VEVENT" { properties.append(line) }
            }
        }
        if let open = stack.last {
            throw CalendarError(.malformedICalendar, "BEGIN:\(open.name) is never closed: END:\(open.name) is missing", line: open.line)
        }
        guard sawCalendar else {
            throw CalendarError(.malformedICalendar, "the file holds no calendar: an iCalendar file starts with BEGIN:VCALENDAR", line: 1)
        }
        self.events = events
    }

    // MARK: Reading one event

    private static let supportedOnce: Set<String> = ["DTSTART", "DTEND", "DURATION", "SUMMARY", "UID", "STATUS", "RRULE", "RECURRENCE-ID"]

    private static func event(_ properties: [ContentLine], line: Int, floatingTimeZone: TimeZone) throws(CalendarError) -> Event {
        var once: [String: ContentLine] = [:]
        for property in properties where supportedOnce.contains(property.name) {
            if let earlier = once[property.name] {
                throw CalendarError(
                    .unsupportedICalendar, "\(property.name) appears twice in this event (first at line \(earlier.line)): give it once",
                    line: property.line)
            }
            once[property.name] = property
        }
        guard let startLine = once["DTSTART"] else {
            throw CalendarError(
                .malformedICalendar, "this VEVENT has no DTSTART: every event needs one, like DTSTART;VALUE=DATE:20261219", line: line)
        }
        let (start, timeZone) = try time(startLine, floatingTimeZone: floatingTimeZone)
        let end: Time
        switch (once["DTEND"], once["DURATION"]) {
        case (.some(let endLine), .some(let durationLine)):
            throw CalendarError(
                .malformedICalendar, "DURATION with DTEND (line \(endLine.line)): an event has one or the other", line: durationLine.line)
        case (.some(let endLine), nil):
            end = try time(endLine, floatingTimeZone: floatingTimeZone).time
            guard sameKind(start, end) else {
                throw CalendarError(.malformedICalendar, "DTEND must be a \(kindName(start)) like DTSTART", line: endLine.line)
            }
            guard start <= end else {
                throw CalendarError(
                    .reversedRange, "DTEND is before DTSTART (line \(startLine.line)): an event cannot end before it starts",
                    line: endLine.line)
            }
        case (nil, .some(let durationLine)):
            let duration = try ICalendarDuration.parse(durationLine).get(line: durationLine.line)
            end = try adding(duration, to: start).get(line: durationLine.line)
        case (nil, nil):
            if case .date(let day) = start { end = .date(day.adding(days: 1)) } else { end = start }
        }
        let recurrence = try once["RRULE"].map { rule throws(CalendarError) in
            try RecurrenceReader.rule(rule, start: start, timeZone: timeZone)
        }
        var exceptions: [Time] = []
        var extras: [Time] = []
        var categories: [String] = []
        for property in properties {
            switch property.name {
            case "EXDATE": exceptions += try times(property, floatingTimeZone: floatingTimeZone)
            case "RDATE": extras += try times(property, floatingTimeZone: floatingTimeZone)
            case "CATEGORIES": categories += ICalendarText.list(property.value).map { $0.trimmingCharacters(in: .whitespaces) }
            default: break
            }
        }
        return Event(
            summary: once["SUMMARY"].map { ICalendarText.unescape($0.value[...]) },
            categories: categories.filter { !$0.isEmpty },
            uid: once["UID"]?.value,
            start: start,
            end: end,
            timeZone: timeZone,
            recurrence: recurrence,
            exceptionDates: exceptions,
            extraDates: extras,
            recurrenceID: try once["RECURRENCE-ID"].map { property throws(CalendarError) in
                try time(property, floatingTimeZone: floatingTimeZone).time
            },
            isCancelled: once["STATUS"]?.value.uppercased() == "CANCELLED",
            line: line)
    }

    static func sameKind(_ left: Time, _ right: Time) -> Bool {
        switch (left, right) {
        case (.date, .date), (.dateTime, .dateTime): true
        default: false
        }
    }

    static func kindName(_ time: Time) -> String {
        if case .date = time { return "DATE (YYYYMMDD)" }
        return "DATE-TIME (YYYYMMDDTHHMMSS)"
    }

    private static func adding(_ duration: ICalendarDuration, to start: Time) -> Result<Time, CalendarError> {
        switch start {
        case .date(let day):
            guard duration.seconds == 0 else {
                return .failure(
                    CalendarError(.malformedICalendar, "DURATION of an all-day event must be whole days or weeks, like P1D or P2W"))
            }
            guard duration.days >= 0 else {
                return .failure(CalendarError(.reversedRange, "DURATION is negative: an event cannot end before it starts"))
            }
            return .success(.date(day.adding(days: duration.days)))
        case .dateTime(let date):
            let seconds = duration.days * 86_400 + duration.seconds
            guard seconds >= 0 else {
                return .failure(CalendarError(.reversedRange, "DURATION is negative: an event cannot end before it starts"))
            }
            return .success(.dateTime(date.addingTimeInterval(TimeInterval(seconds))))
        }
    }

    // MARK: Reading dates and date-times

    /// The comma-separated values of an `EXDATE` or `RDATE`.
    private static func times(_ property: ContentLine, floatingTimeZone: TimeZone) throws(CalendarError) -> [Time] {
        if let kind = property.parameter("VALUE")?.uppercased(), kind == "PERIOD" {
            throw CalendarError(
                .unsupportedICalendar, "\(property.name);VALUE=PERIOD is not supported: list the dates or date-times instead",
                line: property.line)
        }
        var result: [Time] = []
        for part in property.value.split(separator: ",") {
            let single = ContentLine(name: property.name, parameters: property.parameters, value: String(part), line: property.line)
            result.append(try time(single, floatingTimeZone: floatingTimeZone).time)
        }
        return result
    }

    /// A `DATE` or `DATE-TIME` property value and the zone it is written in.
    static func time(_ property: ContentLine, floatingTimeZone: TimeZone) throws(CalendarError) -> (time: Time, zone: TimeZone) {
        let value = property.value.trimmingCharacters(in: .whitespaces)
        let kind = property.parameter("VALUE")?.uppercased()
        if let kind, kind != "DATE", kind != "DATE-TIME" {
            throw CalendarError(
                .unsupportedICalendar, "\(property.name);VALUE=\(kind) is not supported here: use VALUE=DATE or VALUE=DATE-TIME",
                line: property.line)
        }
        var zone = floatingTimeZone
        if let identifier = property.parameter("TZID") {
            let name = identifier.hasPrefix("/") ? String(identifier.dropFirst()) : identifier
            guard let named = TimeZone(identifier: name) else {
                throw CalendarError(
                    .unknownTimeZone,
                    "\(property.name): TZID=\(identifier) is not a time zone this system knows: use an IANA name, like TZID=Europe/Paris",
                    line: property.line)
            }
            zone = named
        }
        do throws(CalendarError) {
            if kind == "DATE" || (kind == nil && value.count == 8) {
                return (.date(try date(value[...], property: property.name)), zone)
            }
            let (wall, utc) = try dateTime(value, property: property.name)
            if utc { return (.dateTime(Date(timeIntervalSince1970: TimeInterval(wall))), TimeZone(identifier: "UTC") ?? zone) }
            return (.dateTime(LocalClock(timeZone: zone).resolve(wallSeconds: wall).instant), zone)
        } catch {
            throw error.at(line: property.line)
        }
    }

    /// `YYYYMMDD`.
    static func date(_ text: Substring, property: String) throws(CalendarError) -> LocalDate {
        guard text.count == 8, let year = LocalDate.digits(text.prefix(4)), let month = LocalDate.digits(text.dropFirst(4).prefix(2)),
            let day = LocalDate.digits(text.suffix(2))
        else {
            throw CalendarError(.malformedICalendar, "\(property): \"\(text)\" is not a DATE: write YYYYMMDD, like 20261219")
        }
        do throws(CalendarError) {
            return try LocalDate(year: year, month: month, day: day)
        } catch {
            throw CalendarError(.invalidDate, "\(property): \(error.message)")
        }
    }

    /// `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMMSSZ`: wall seconds since 1970 and whether it is UTC.
    static func dateTime(_ text: String, property: String) throws(CalendarError) -> (wall: Int, utc: Bool) {
        let utc = text.hasSuffix("Z") || text.hasSuffix("z")
        let body = utc ? text.dropLast() : text[...]
        let parts = body.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 6, let hour = LocalDate.digits(parts[1].prefix(2)),
            let minute = LocalDate.digits(parts[1].dropFirst(2).prefix(2)), let second = LocalDate.digits(parts[1].suffix(2))
        else {
            throw CalendarError(
                .malformedICalendar,
                "\(property): \"\(text)\" is not a DATE-TIME: write YYYYMMDDTHHMMSS, with Z for UTC, like 20260901T083000")
        }
        let day = try date(parts[0], property: property)
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw CalendarError(.invalidTime, "\(property): \"\(text)\" is not a time of day: hours 00-23, minutes 00-59, seconds 00-60")
        }
        return (day.dayNumber * 86_400 + hour * 3600 + minute * 60 + min(second, 59), utc)
    }
}

extension Result where Failure == CalendarError {
    func get(line: Int) throws(CalendarError) -> Success {
        switch self {
        case .success(let value): value
        case .failure(let error): throw error.at(line: line)
        }
    }
}

/// An RFC 5545 DURATION (`P1D`, `PT1H30M`, `-P2W`): whole days, plus seconds.
struct ICalendarDuration: Hashable, Sendable {
    let days: Int
    let seconds: Int

    static func parse(_ property: ContentLine) -> Result<ICalendarDuration, CalendarError> {
        var text = Substring(property.value.uppercased())
        let negative = text.hasPrefix("-")
        if text.hasPrefix("-") || text.hasPrefix("+") { text = text.dropFirst() }
        let wrong = CalendarError(.malformedICalendar, "DURATION \"\(property.value)\" is not a duration: write P1D, P2W or PT1H30M")
        guard text.hasPrefix("P"), text.count > 1 else { return .failure(wrong) }
        var days = 0
        var seconds = 0
        var number = ""
        var inTime = false
        for character in text.dropFirst() {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            if character == "T", number.isEmpty, !inTime {
                inTime = true
                continue
            }
            guard let value = Int(number) else { return .failure(wrong) }
            number = ""
            switch (character, inTime) {
            case ("W", false): days += value * 7
            case ("D", false): days += value
            case ("H", true): seconds += value * 3600
            case ("M", true): seconds += value * 60
            case ("S", true): seconds += value
            default: return .failure(wrong)
            }
        }
        guard number.isEmpty else { return .failure(wrong) }
        return .success(ICalendarDuration(days: negative ? -days : days, seconds: negative ? -seconds : seconds))
    }
}
