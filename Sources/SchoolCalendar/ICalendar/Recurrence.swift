import Foundation

extension ICalendar {
    /// An `RRULE`, read and expanded here rather than by Foundation's `Calendar.RecurrenceRule`,
    /// which on this toolchain (Swift 6.3.1 on Linux) picks the wrong day for `BYDAY=-2MO` when the
    /// week starts on Monday and stops the process (a `try!` in `Calendar_Recurrence.swift`) on
    /// rules such as `FREQ=YEARLY;BYMONTH=1,3;BYDAY=5WE`: a file must not be able to stop the daemon.
    ///
    /// Supported, as RFC 5545 §3.3.10 defines them: `FREQ` (`DAILY`, `WEEKLY`, `MONTHLY`,
    /// `YEARLY`), `INTERVAL`, `COUNT`, `UNTIL`, `BYDAY` (with ordinals such as `1FR` or `-1SU` in
    /// monthly and yearly rules), `BYMONTH`, `BYMONTHDAY`, `BYYEARDAY`, `BYWEEKNO`, `BYSETPOS` and
    /// `WKST`. Every occurrence keeps the local time of `DTSTART` (school calendars repeat by day),
    /// so `BYHOUR`, `BYMINUTE` and `BYSECOND` are refused.
    public struct Recurrence: Hashable, Sendable {
        /// `FREQ`.
        public enum Frequency: String, Hashable, Sendable {
            case daily = "DAILY"
            case weekly = "WEEKLY"
            case monthly = "MONTHLY"
            case yearly = "YEARLY"
        }

        /// A `BYDAY` entry: a weekday, and for monthly and yearly rules an optional ordinal (`1` for
        /// the first, `-1` for the last).
        public struct Day: Hashable, Sendable {
            /// The weekday.
            public let weekday: Weekday
            /// Which of the month's (or year's) such weekdays: 1 the first, -1 the last; nil for all.
            public let ordinal: Int?
        }

        /// How a rule ends.
        public enum End: Hashable, Sendable {
            /// No `COUNT` or `UNTIL`: it repeats forever.
            case never
            /// `COUNT`: after that many occurrences (`DTSTART` is the first).
            case count(Int)
            /// `UNTIL`: the last moment an occurrence may start at, included.
            case until(Time)
        }

        /// `FREQ`.
        public let frequency: Frequency
        /// `INTERVAL` (1 when absent): every how many days, weeks, months or years.
        public let interval: Int
        /// `COUNT`, `UNTIL`, or neither.
        public let end: End
        /// `BYDAY`.
        public let days: [Day]
        /// `BYMONTH`, 1 to 12.
        public let months: [Int]
        /// `BYMONTHDAY`, 1 to 31 or -31 to -1 (from the month's end).
        public let monthDays: [Int]
        /// `BYYEARDAY`, 1 to 366 or -366 to -1.
        public let yearDays: [Int]
        /// `BYWEEKNO`, 1 to 53 or -53 to -1 (weeks numbered as ISO 8601, starting on ``weekStart``).
        public let weekNumbers: [Int]
        /// `BYSETPOS`: which of each period's occurrences to keep.
        public let setPositions: [Int]
        /// `WKST` (Monday when absent).
        public let weekStart: Weekday
    }
}

// MARK: Reading

enum RecurrenceReader {
    static func rule(_ property: ContentLine, start: ICalendar.Time, timeZone: TimeZone) throws(CalendarError) -> ICalendar.Recurrence {
        do throws(CalendarError) {
            return try read(property.value, start: start, timeZone: timeZone)
        } catch {
            throw CalendarError(error.code, "RRULE: \(error.message)", line: property.line)
        }
    }

    static let weekdays: [String: Weekday] = [
        "MO": .monday, "TU": .tuesday, "WE": .wednesday, "TH": .thursday, "FR": .friday, "SA": .saturday, "SU": .sunday,
    ]

    private static func read(_ text: String, start: ICalendar.Time, timeZone: TimeZone) throws(CalendarError) -> ICalendar.Recurrence {
        var parts: [String: String] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else {
                throw CalendarError(.malformedICalendar, "\"\(part)\" is not a rule part: write NAME=VALUE, like FREQ=WEEKLY")
            }
            let name = pair[0].uppercased()
            guard parts[name] == nil else { throw CalendarError(.malformedICalendar, "\(name) is given twice") }
            parts[name] = String(pair[1])
        }
        let known = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS", "WKST"]
        for name in parts.keys.sorted() where !known.contains(name) {
            let why = ["BYHOUR", "BYMINUTE", "BYSECOND"].contains(name) ? " (occurrences keep DTSTART's time of day)" : ""
            throw CalendarError(.unsupportedICalendar, "\(name) is not supported\(why): use \(known.joined(separator: ", "))")
        }
        guard let written = parts["FREQ"] else {
            throw CalendarError(.malformedICalendar, "FREQ is missing: every rule needs one, like FREQ=WEEKLY")
        }
        guard let frequency = ICalendar.Recurrence.Frequency(rawValue: written.uppercased()) else {
            throw CalendarError(.unsupportedICalendar, "FREQ=\(written) is not supported: use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
        }
        if parts["COUNT"] != nil, parts["UNTIL"] != nil {
            throw CalendarError(.malformedICalendar, "COUNT and UNTIL together: a rule ends after a count or at a date, not both")
        }
        var end = ICalendar.Recurrence.End.never
        if let count = parts["COUNT"] { end = .count(try number(count, "COUNT", in: 1...ICalendar.maximumOccurrences)) }
        if let until = parts["UNTIL"] { end = .until(try untilTime(until, start: start, timeZone: timeZone)) }
        var weekStart = Weekday.monday
        if let text = parts["WKST"] {
            guard let day = weekdays[text.uppercased()] else {
                throw CalendarError(.malformedICalendar, "WKST=\(text) is not a day: use MO, TU, WE, TH, FR, SA or SU")
            }
            weekStart = day
        }
        let days = try parts["BYDAY"].map { text throws(CalendarError) in try byDay(text) } ?? []
        let monthDays = try numbers(parts["BYMONTHDAY"], "BYMONTHDAY", in: -31...31)
        let yearDays = try numbers(parts["BYYEARDAY"], "BYYEARDAY", in: -366...366)
        let weekNumbers = try numbers(parts["BYWEEKNO"], "BYWEEKNO", in: -53...53)
        let setPositions = try numbers(parts["BYSETPOS"], "BYSETPOS", in: -366...366)
        // What RFC 5545's table of rule parts allows with each frequency.
        if days.contains(where: { $0.ordinal != nil }), frequency == .daily || frequency == .weekly || !weekNumbers.isEmpty {
            throw CalendarError(
                .malformedICalendar, "BYDAY with a number (like 1FR) belongs in a MONTHLY or YEARLY rule without BYWEEKNO: write BYDAY=FR")
        }
        if !monthDays.isEmpty, frequency == .weekly {
            throw CalendarError(.malformedICalendar, "BYMONTHDAY does not go with FREQ=WEEKLY: use BYDAY, or FREQ=MONTHLY")
        }
        if !yearDays.isEmpty, frequency == .weekly || frequency == .monthly {
            throw CalendarError(.malformedICalendar, "BYYEARDAY goes only with FREQ=DAILY or YEARLY")
        }
        if !weekNumbers.isEmpty, frequency != .yearly {
            throw CalendarError(.malformedICalendar, "BYWEEKNO goes only with FREQ=YEARLY")
        }
        if !setPositions.isEmpty, days.isEmpty, monthDays.isEmpty, yearDays.isEmpty, weekNumbers.isEmpty, parts["BYMONTH"] == nil {
            throw CalendarError(.malformedICalendar, "BYSETPOS needs another BY part (like BYDAY) to choose among")
        }
        return ICalendar.Recurrence(
            frequency: frequency,
            interval: try parts["INTERVAL"].map { text throws(CalendarError) in try number(text, "INTERVAL", in: 1...10_000) } ?? 1,
            end: end, days: days, months: try numbers(parts["BYMONTH"], "BYMONTH", in: 1...12), monthDays: monthDays, yearDays: yearDays,
            weekNumbers: weekNumbers, setPositions: setPositions, weekStart: weekStart)
    }

    /// `BYDAY=MO,WE,FR` or with ordinals, `BYDAY=1FR,-1SU`.
    private static func byDay(_ text: String) throws(CalendarError) -> [ICalendar.Recurrence.Day] {
        var result: [ICalendar.Recurrence.Day] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let day = weekdays[part.suffix(2).uppercased()] else {
                throw CalendarError(
                    .malformedICalendar, "BYDAY: \"\(part)\" is not a day: use MO, TU, WE, TH, FR, SA, SU, optionally numbered (1FR, -1SU)")
            }
            let ordinal = part.dropLast(2)
            result.append(.init(weekday: day, ordinal: ordinal.isEmpty ? nil : try number(String(ordinal), "BYDAY's number", in: -53...53)))
        }
        return result
    }

    /// A whole number in `range`, never 0 unless the range starts at 0 or above.
    private static func number(_ text: String, _ what: String, in range: ClosedRange<Int>) throws(CalendarError) -> Int {
        let negative = text.hasPrefix("-")
        let digits = negative || text.hasPrefix("+") ? text.dropFirst() : text[...]
        let allowsZero = range.lowerBound >= 0
        guard let magnitude = LocalDate.digits(digits), range.contains(negative ? -magnitude : magnitude), allowsZero || magnitude != 0
        else {
            throw CalendarError(
                .malformedICalendar,
                "\(what)=\(text) is out of range: use \(range.lowerBound) to \(range.upperBound)\(allowsZero ? "" : ", not 0")")
        }
        return negative ? -magnitude : magnitude
    }

    private static func numbers(_ text: String?, _ what: String, in range: ClosedRange<Int>) throws(CalendarError) -> [Int] {
        guard let text else { return [] }
        var result: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            result.append(try number(String(part), what, in: range))
        }
        return result
    }

    /// `UNTIL` as a time of the same kind as `DTSTART`: a date for a date, else an instant (a date
    /// `UNTIL` with a date-time start means the end of that day on the event's wall clock).
    private static func untilTime(_ text: String, start: ICalendar.Time, timeZone: TimeZone) throws(CalendarError) -> ICalendar.Time {
        let clock = LocalClock(timeZone: timeZone)
        if text.count == 8 {
            let day = try ICalendar.date(text[...], property: "UNTIL")
            if case .date = start { return .date(day) }
            return .dateTime(clock.resolve(wallSeconds: day.adding(days: 1).dayNumber * 86_400).instant.addingTimeInterval(-1))
        }
        let (wall, utc) = try ICalendar.dateTime(text, property: "UNTIL")
        let instant = utc ? Date(timeIntervalSince1970: TimeInterval(wall)) : clock.resolve(wallSeconds: wall).instant
        if case .date = start { return .date(clock.day(of: .dateTime(instant))) }
        return .dateTime(instant)
    }
}

// MARK: Expanding

extension ICalendar.Recurrence {
    /// The days this rule gives from `start` (included when it matches) through `last`, in order;
    /// `admits` says whether an occurrence on a day is still before `UNTIL` (the first that is not
    /// ends the rule). At most ``ICalendar/maximumOccurrences``, else nil.
    func days(from start: LocalDate, through last: LocalDate, admits: (LocalDate) -> Bool) -> [LocalDate]? {
        var result: [LocalDate] = []
        let limit: Int
        if case .count(let count) = end { limit = count } else { limit = Int.max }
        var step = 0
        while let candidates = candidates(step: step, start: start, last: last) {
            for day in candidates where day >= start {
                guard day <= last, admits(day) else { return result }
                result.append(day)
                guard result.count < limit else { return result }
                guard result.count <= ICalendar.maximumOccurrences else { return nil }
            }
            step += 1
        }
        return result
    }

    /// The days of the `step`-th period (day, week, month or year) after `start`'s, sorted, with
    /// `BYSETPOS` applied; nil once the period begins after `last`.
    private func candidates(step: Int, start: LocalDate, last: LocalDate) -> [LocalDate]? {
        var found: [LocalDate]
        switch frequency {
        case .daily:
            let day = start.adding(days: step * interval)
            guard day <= last else { return nil }
            found = [day]
        case .weekly:
            let first = start.adding(days: -Self.offset(of: start.weekday, from: weekStart) + 7 * step * interval)
            guard first <= last else { return nil }
            let week = (0..<7).map { first.adding(days: $0) }
            let weekdays = days.isEmpty ? [start.weekday] : days.map(\.weekday)
            found = week.filter { weekdays.contains($0.weekday) }
        case .monthly:
            let index = start.year * 12 + start.month - 1 + step * interval
            let (year, month) = (index / 12, index % 12 + 1)
            guard year <= 9999, let first = try? LocalDate(year: year, month: month, day: 1), first <= last else { return nil }
            found = Self.monthDays(year: year, month: month, monthDays: monthDays, byDay: days, defaultDay: start.day)
        case .yearly:
            let year = start.year + step * interval
            guard year <= 9999, let first = try? LocalDate(year: year, month: 1, day: 1), first <= last else { return nil }
            found = yearDays(year: year, start: start)
        }
        found = found.filter { day in
            (months.isEmpty || months.contains(day.month))
                && (frequency != .daily || monthDays.isEmpty || Self.matches(monthDays: monthDays, day))
                && (frequency != .daily || yearDays.isEmpty || Self.matches(yearDays: yearDays, day))
                && (frequency != .daily || days.isEmpty || days.contains { $0.weekday == day.weekday })
        }
        found = Array(Set(found)).sorted()
        guard !setPositions.isEmpty else { return found }
        return setPositions.compactMap { position in
            let index = position > 0 ? position - 1 : found.count + position
            return found.indices.contains(index) ? found[index] : nil
        }
        .sorted()
    }

    /// The candidate days of one year of a `YEARLY` rule.
    private func yearDays(year: Int, start: LocalDate) -> [LocalDate] {
        let january = LocalDate(dayNumber: Self.firstOfYear(year))
        let yearLength = LocalDate(dayNumber: Self.firstOfYear(year + 1)).days(to: january) * -1
        if !weekNumbers.isEmpty {
            let weekOne = Self.firstWeek(of: year, weekStart: weekStart)
            let weekCount = Self.firstWeek(of: year + 1, weekStart: weekStart).days(to: weekOne) / -7
            let weekdays = days.isEmpty ? [start.weekday] : days.map(\.weekday)
            return weekNumbers.flatMap { number -> [LocalDate] in
                let week = number > 0 ? number : weekCount + number + 1
                guard (1...weekCount).contains(week) else { return [] }
                return (0..<7).map { weekOne.adding(days: 7 * (week - 1) + $0) }.filter { weekdays.contains($0.weekday) }
            }
        }
        if !yearDays.isEmpty {
            return yearDays.compactMap { number -> LocalDate? in
                let index = number > 0 ? number - 1 : yearLength + number
                guard (0..<yearLength).contains(index) else { return nil }
                return january.adding(days: index)
            }
            .filter { day in
                (monthDays.isEmpty || Self.matches(monthDays: monthDays, day))
                    && (days.isEmpty || days.contains { $0.weekday == day.weekday })
            }
        }
        if !days.isEmpty, months.isEmpty, monthDays.isEmpty {
            // BYDAY over the whole year: 20MO is the year's 20th Monday.
            let year = (0..<yearLength).map { january.adding(days: $0) }
            return days.flatMap { Self.pick($0, from: year) }
        }
        let chosenMonths = !months.isEmpty ? months : (monthDays.isEmpty && days.isEmpty ? [start.month] : Array(1...12))
        return chosenMonths.flatMap { Self.monthDays(year: year, month: $0, monthDays: monthDays, byDay: days, defaultDay: start.day) }
    }

    /// The candidate days of one month: `BYMONTHDAY`'s (limited by `BYDAY`), else `BYDAY`'s, else `defaultDay`.
    private static func monthDays(year: Int, month: Int, monthDays: [Int], byDay: [Day], defaultDay: Int) -> [LocalDate] {
        guard let first = try? LocalDate(year: year, month: month, day: 1) else { return [] }
        let length = LocalDate.daysIn(month: month, year: year)
        let month = (0..<length).map { first.adding(days: $0) }
        if !monthDays.isEmpty {
            let chosen = month.filter { matches(monthDays: monthDays, $0) }
            guard !byDay.isEmpty else { return chosen }
            let allowed = Set(byDay.flatMap { pick($0, from: month) })
            return chosen.filter(allowed.contains)
        }
        if !byDay.isEmpty { return byDay.flatMap { pick($0, from: month) } }
        return defaultDay <= length ? [first.adding(days: defaultDay - 1)] : []
    }

    /// The days of `span` on `day`'s weekday: all of them, or the one its ordinal names.
    private static func pick(_ day: Day, from span: [LocalDate]) -> [LocalDate] {
        let matching = span.filter { $0.weekday == day.weekday }
        guard let ordinal = day.ordinal else { return matching }
        let index = ordinal > 0 ? ordinal - 1 : matching.count + ordinal
        return matching.indices.contains(index) ? [matching[index]] : []
    }

    private static func matches(monthDays: [Int], _ day: LocalDate) -> Bool {
        let length = LocalDate.daysIn(month: day.month, year: day.year)
        return monthDays.contains { $0 > 0 ? $0 == day.day : length + $0 + 1 == day.day }
    }

    private static func matches(yearDays: [Int], _ day: LocalDate) -> Bool {
        let index = LocalDate(dayNumber: firstOfYear(day.year)).days(to: day)
        let length = LocalDate(dayNumber: firstOfYear(day.year)).days(to: LocalDate(dayNumber: firstOfYear(day.year + 1)))
        return yearDays.contains { $0 > 0 ? $0 - 1 == index : length + $0 == index }
    }

    private static func firstOfYear(_ year: Int) -> Int {
        ((try? LocalDate(year: min(max(year, 1), 9999), month: 1, day: 1)) ?? LocalDate(dayNumber: 0)).dayNumber
            + (year > 9999 ? 365 : 0)
    }

    /// The first day of week 1 of `year`: the week (starting on `weekStart`) holding at least four
    /// of the year's days, as RFC 5545 (and ISO 8601) number weeks.
    private static func firstWeek(of year: Int, weekStart: Weekday) -> LocalDate {
        let january = LocalDate(dayNumber: firstOfYear(year))
        let offset = offset(of: january.weekday, from: weekStart)
        let weekHoldingJanuaryFirst = january.adding(days: -offset)
        return 7 - offset >= 4 ? weekHoldingJanuaryFirst : weekHoldingJanuaryFirst.adding(days: 7)
    }

    /// How many days after `weekStart` `weekday` comes, 0 to 6.
    private static func offset(of weekday: Weekday, from weekStart: Weekday) -> Int {
        (weekday.rawValue - weekStart.rawValue + 7) % 7
    }
}

extension ICalendar.Event {
    /// Every occurrence that starts on or before `last` (a day on ``timeZone``'s wall clock), in
    /// order: `DTSTART` (always an occurrence, as RFC 5545 says), the rule's, and `RDATE`'s, less
    /// `EXDATE`'s (a `DATE` exception removes every occurrence on that day). Each keeps `DTSTART`'s
    /// local time; on a daylight saving change it is placed as ``LocalClock`` places it.
    ///
    /// A rule with no `COUNT` or `UNTIL` repeats forever: `last` is where its expansion stops.
    public func occurrences(through last: LocalDate) throws(CalendarError) -> [ICalendar.Occurrence] {
        let clock = LocalClock(timeZone: timeZone)
        var starts: Set<ICalendar.Time> = [start]
        if let recurrence {
            let first = clock.day(of: start)
            let secondOfDay: Int
            switch start {
            case .date: secondOfDay = 0
            case .dateTime(let instant):
                let wall = LocalClock.wallSeconds(of: instant, in: timeZone)
                secondOfDay = wall - LocalDate.floorDivide(wall, 86_400) * 86_400
            }
            func time(on day: LocalDate) -> ICalendar.Time {
                if case .date = start { return .date(day) }
                return .dateTime(clock.resolve(wallSeconds: day.dayNumber * 86_400 + secondOfDay).instant)
            }
            let admits: (LocalDate) -> Bool = { day in
                guard case .until(let until) = recurrence.end else { return true }
                return time(on: day) <= until
            }
            guard let days = recurrence.days(from: first, through: last, admits: admits) else {
                throw CalendarError(
                    .tooManyOccurrences,
                    "this event repeats more than \(ICalendar.maximumOccurrences) times: give its RRULE a COUNT or an UNTIL",
                    line: line)
            }
            starts.formUnion(days.map(time(on:)))
        }
        starts.formUnion(extraDates)
        for exception in exceptionDates {
            starts = starts.filter { !matches(exception, $0, clock: clock) }
        }
        return starts.filter { clock.day(of: $0) <= last }.sorted().map { begin in
            ICalendar.Occurrence(start: begin, end: shifted(end, by: start, to: begin))
        }
    }

    /// Whether exception `exception` removes occurrence `occurrence`.
    private func matches(_ exception: ICalendar.Time, _ occurrence: ICalendar.Time, clock: LocalClock) -> Bool {
        switch (exception, occurrence) {
        case (.date(let day), _): clock.day(of: occurrence) == day
        case (.dateTime, .date): clock.day(of: exception) == clock.day(of: occurrence)
        case (.dateTime(let left), .dateTime(let right)): left == right
        }
    }

    /// `end` moved as `start` moves to `begin`: the same length.
    private func shifted(_ end: ICalendar.Time, by start: ICalendar.Time, to begin: ICalendar.Time) -> ICalendar.Time {
        switch (start, end, begin) {
        case (.date(let from), .date(let to), .date(let day)): .date(day.adding(days: from.days(to: to)))
        case (.dateTime(let from), .dateTime(let to), .dateTime(let instant)):
            .dateTime(instant.addingTimeInterval(to.timeIntervalSince(from)))
        case (.date(let from), .date(let to), .dateTime(let instant)):
            .dateTime(instant.addingTimeInterval(TimeInterval(from.days(to: to) * 86_400)))
        default: begin
        }
    }
}

extension LocalClock {
    /// The local day of a DATE or DATE-TIME.
    func day(of time: ICalendar.Time) -> LocalDate {
        switch time {
        case .date(let day): day
        case .dateTime(let instant): localDateTime(of: instant).date
        }
    }
}
