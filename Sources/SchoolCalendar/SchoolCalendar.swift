import Foundation

/// A school's calendar: its time zone, the periods of its day, its terms and its holidays.
///
/// A **school day** is a day of the school week (Monday to Friday unless ``schoolWeekdays`` says
/// otherwise) that is in a term and is not a holiday. A calendar with no terms has school days in
/// every week of the year: then only the weekday and the holidays decide.
///
/// Building one checks it: periods must not overlap, terms must not overlap, nothing may end
/// before it starts, and every date must exist.
///
/// ```swift
/// let calendar = try SchoolCalendar(
///     timeZone: TimeZone(identifier: "Europe/Paris")!,
///     periods: [
///         Period(name: "P1", "08:30-09:25"), Period(name: "P2", "09:30-10:25"),
///         Period(name: "lunch", "12:00-13:30"), Period(name: "P5", "13:30-14:25"),
///     ],
///     terms: [DateSpan("2026-09-01..2026-10-16"), DateSpan("2026-11-02..2026-12-18")],
///     holidays: [DateSpan("2026-11-11", name: "Armistice"), DateSpan("2026-12-19..2027-01-03", name: "Christmas")])
/// calendar.isSchoolDay(try LocalDate("2026-11-11"))     // false: a holiday
/// calendar.day(try LocalDate("2026-11-12")).termIndex   // 2
/// calendar.period(at: Date())?.name                     // "P2" at 10:00 on a school day, Paris time
/// ```
public struct SchoolCalendar: Hashable, Sendable {
    /// The zone of every local time and date here (periods, the dates of instants).
    public let timeZone: TimeZone
    /// The periods of a school day, by start time.
    public let periods: [Period]
    /// The terms, by first day. School days happen only in them when there is at least one.
    public let terms: [Term]
    /// The holidays, by first day. They may overlap each other and the terms.
    public let holidays: [Holiday]
    /// The days of the week that can be school days (Monday to Friday by default).
    public let schoolWeekdays: Set<Weekday>

    /// A calendar, refused with the first mistake found: two periods that overlap or share a name,
    /// two terms that overlap. (Each ``Period`` and ``DateSpan`` has already checked its own ends.)
    public init(
        timeZone: TimeZone = .current, periods: [Period] = [], terms: [Term] = [], holidays: [Holiday] = [],
        schoolWeekdays: Set<Weekday> = Weekday.mondayToFriday
    ) throws(CalendarError) {
        let periods = periods.sorted { ($0.start, $0.end, $0.name) < ($1.start, $1.end, $1.name) }
        var names: Set<String> = []
        for period in periods where !names.insert(period.name).inserted {
            throw CalendarError(.overlappingPeriods, "there are two periods named \(period.name): each period needs its own name")
        }
        for (earlier, later) in zip(periods, periods.dropFirst()) where later.start < earlier.end {
            throw CalendarError(
                .overlappingPeriods,
                "period \(earlier.name) (\(earlier.start)-\(earlier.end)) overlaps period \(later.name) (\(later.start)-\(later.end)): "
                    + "a period may start when another ends, not before")
        }
        let terms = terms.sorted { ($0.first, $0.last) < ($1.first, $1.last) }
        for (earlier, later) in zip(terms, terms.dropFirst()) where earlier.overlaps(later) {
            throw CalendarError(
                .overlappingTerms,
                "term \(earlier) overlaps term \(later): terms may not share a day (a term may start the day after another ends)",
                line: later.line ?? earlier.line)
        }
        self.timeZone = timeZone
        self.periods = periods
        self.terms = terms
        self.holidays = holidays.sorted { ($0.first, $0.last) < ($1.first, $1.last) }
        self.schoolWeekdays = schoolWeekdays
    }

    /// The time zone named `identifier` (an IANA name like `Europe/Paris`), or the system's when nil.
    public static func timeZone(named identifier: String?) throws(CalendarError) -> TimeZone {
        guard let identifier else { return .current }
        guard let zone = TimeZone(identifier: identifier) else {
            throw CalendarError(
                .unknownTimeZone,
                "\"\(identifier)\" is not a time zone this system knows: use an IANA name, like Europe/Paris or America/New_York")
        }
        return zone
    }

    // MARK: Days

    /// What a day is, as `calendar.today()` will show it in Lua.
    public struct Day: Hashable, Sendable {
        /// Why a day is or is not a school day.
        public enum Kind: String, Hashable, Sendable {
            /// A school day: in a term (or no terms are listed), a school weekday, not a holiday.
            case schoolDay = "school_day"
            /// One of the holidays (whatever its weekday).
            case holiday
            /// Not a school weekday (a Saturday or a Sunday by default), not a holiday.
            case weekend
            /// A school weekday outside every term, and not a listed holiday.
            case outsideTerms = "outside_terms"
        }

        /// The date.
        public let date: LocalDate
        /// Why it is or is not a school day.
        public let kind: Kind
        /// The term it is in, if any (also on weekends and holidays inside a term).
        public let term: Term?
        /// That term's position among the terms, from 1 (as Lua counts).
        public let termIndex: Int?
        /// The holiday it is in, if any (the first by start when holidays overlap).
        public let holiday: Holiday?

        /// Whether it is a school day.
        public var isSchoolDay: Bool { kind == .schoolDay }
        /// The day of the week.
        public var weekday: Weekday { date.weekday }
    }

    /// What `date` is: a school day or not and why, its term, its holiday.
    public func day(_ date: LocalDate) -> Day {
        let termIndex = terms.firstIndex { $0.contains(date) }
        let holiday = holidays.first { $0.contains(date) }
        let kind: Day.Kind =
            if holiday != nil {
                .holiday
            } else if !schoolWeekdays.contains(date.weekday) {
                .weekend
            } else if terms.isEmpty || termIndex != nil {
                .schoolDay
            } else {
                .outsideTerms
            }
        return Day(date: date, kind: kind, term: termIndex.map { terms[$0] }, termIndex: termIndex.map { $0 + 1 }, holiday: holiday)
    }

    /// What the local day of `instant` is, in ``timeZone``.
    public func day(at instant: Date) -> Day { day(localDate(of: instant)) }

    /// Whether `date` is a school day: a school weekday, in a term (when terms are listed), not a holiday.
    public func isSchoolDay(_ date: LocalDate) -> Bool { day(date).isSchoolDay }

    /// Whether the local day of `instant` (in ``timeZone``) is a school day.
    public func isSchoolDay(at instant: Date) -> Bool { isSchoolDay(localDate(of: instant)) }

    /// The local date of `instant` in ``timeZone``.
    public func localDate(of instant: Date) -> LocalDate { LocalDate(instant, in: timeZone) }

    /// The school days from `first` through `last`, in order.
    public func schoolDays(from first: LocalDate, through last: LocalDate) -> [LocalDate] {
        guard first <= last else { return [] }
        return (0...first.days(to: last)).map { first.adding(days: $0) }.filter(isSchoolDay)
    }

    // MARK: Day words

    /// The words a policy may use wherever it names days, beyond the weekdays.
    public enum DayWord: String, CaseIterable, Hashable, Sendable {
        /// The school days.
        case schoolDays = "school_days"
        /// The days of a listed holiday (whatever their weekday).
        case holidays

        /// The word `text`, or an error listing the words allowed.
        public init(_ text: String) throws(CalendarError) {
            guard let word = DayWord(rawValue: text) else {
                throw CalendarError(
                    .invalidName, "\"\(text)\" is not a calendar day word: use \(Self.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            self = word
        }
    }

    /// Whether `word` names `date`: `school_days` on a school day, `holidays` on a holiday.
    public func matches(_ word: DayWord, on date: LocalDate) -> Bool {
        switch word {
        case .schoolDays: isSchoolDay(date)
        case .holidays: holidays.contains { $0.contains(date) }
        }
    }

    // MARK: Periods

    /// The period named `name`, if there is one.
    public func period(named name: String) -> Period? { periods.first { $0.name == name } }

    /// The period under way at `instant`, in ``timeZone``: nil between periods, and on days that
    /// are not school days (periods happen only on school days).
    public func period(at instant: Date) -> Period? {
        let local = clock.localDateTime(of: instant)
        guard isSchoolDay(local.date) else { return nil }
        return periods.first { $0.contains(local.time) }
    }

    /// A period's start or end on a given day.
    public struct PeriodBoundary: Hashable, Sendable {
        /// Whether it is the start or the end.
        public enum Edge: String, Hashable, Sendable {
            case start
            case end
        }

        /// The period.
        public let period: Period
        /// Its start or its end.
        public let edge: Edge
        /// The instant it happens.
        public let instant: Date
        /// The local time it happens (the period's start or end).
        public var localTime: LocalTime { edge == .start ? period.start : period.end }
    }

    /// Every period's start and end on `day`, in time order (an end before a start at the same
    /// instant); none when `day` is not a school day. Each local time is one instant, as
    /// ``LocalClock`` resolves it.
    public func periodBoundaries(on day: LocalDate) -> [PeriodBoundary] {
        guard isSchoolDay(day) else { return [] }
        return periods.flatMap { period in
            [
                PeriodBoundary(period: period, edge: .start, instant: clock.instant(of: period.start, on: day)),
                PeriodBoundary(period: period, edge: .end, instant: clock.instant(of: period.end, on: day)),
            ]
        }
        .sorted { ($0.instant, $0.edge == .start ? 1 : 0) < ($1.instant, $1.edge == .start ? 1 : 0) }
    }

    // MARK: Local times

    /// The wall clock of ``timeZone``.
    public var clock: LocalClock { LocalClock(timeZone: timeZone) }

    /// The one instant local time `time` means on `day` in ``timeZone`` (see ``LocalClock`` for
    /// the days clocks change).
    public func instant(of time: LocalTime, on day: LocalDate) -> Date { clock.instant(of: time, on: day) }

    /// One instant of local time `time` per day from `first` through `last`, in ``timeZone``.
    public func instants(of time: LocalTime, from first: LocalDate, through last: LocalDate) -> [Date] {
        clock.instants(of: time, from: first, through: last)
    }
}
