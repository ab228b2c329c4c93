import Foundation

extension ICalendar {
    /// What an event of an iCalendar file stands for in a school calendar.
    public enum EntryKind: String, CaseIterable, Hashable, Sendable {
        /// A term: school days happen in it.
        case term
        /// A holiday: no school on its days.
        case holiday
    }

    /// The words of `CATEGORIES` that make an event a term or a holiday, whatever the file's default.
    /// Compared without regard to case.
    public static let categoryWords: [EntryKind: Set<String>] = [
        .term: ["TERM", "TERMS"],
        .holiday: ["HOLIDAY", "HOLIDAYS", "VACATION", "VACATIONS", "SCHOOL HOLIDAY", "SCHOOL HOLIDAYS"],
    ]

    /// The terms and holidays of this file, in `timeZone`, for a school calendar, each by first day.
    ///
    /// Which events are which: an event whose `CATEGORIES` holds `TERM` is a term, one whose
    /// `CATEGORIES` holds `HOLIDAY` (or `HOLIDAYS`, `VACATION`) is a holiday, and every other event
    /// is `otherEvents`: holidays unless the caller says the file lists terms. So a file of holiday
    /// dates needs nothing, and a file of term dates is read with `otherEvents: .term`. An event
    /// whose categories say both is refused.
    ///
    /// Each occurrence covers whole days: an all-day event its dates (`DTEND` excluded, as RFC 5545
    /// says), a timed event every local day (in `timeZone`) it touches. Its `SUMMARY` is the name.
    /// Cancelled events (`STATUS:CANCELLED`) are left out; an event with a `RECURRENCE-ID` replaces
    /// that occurrence of the event with the same `UID`. Recurrences stop after `last`.
    ///
    /// ```swift
    /// let file = try ICalendar(parsing: text, floatingTimeZone: paris)
    /// let dates = try file.schoolDates(in: paris, through: LocalDate("2027-08-31"))
    /// let calendar = try SchoolCalendar(timeZone: paris, periods: periods, terms: dates.terms, holidays: dates.holidays)
    /// ```
    public func schoolDates(in timeZone: TimeZone, through last: LocalDate, otherEvents: EntryKind = .holiday) throws(CalendarError)
        -> (terms: [Term], holidays: [Holiday])
    {
        let clock = LocalClock(timeZone: timeZone)
        var replaced: [String: [Time]] = [:]
        for event in events {
            if let uid = event.uid, let id = event.recurrenceID { replaced[uid, default: []].append(id) }
        }
        var terms: [Term] = []
        var holidays: [Holiday] = []
        for event in events where !event.isCancelled {
            let kind = try event.kind(otherEvents: otherEvents)
            let moved = event.recurrenceID == nil ? event.uid.flatMap { replaced[$0] } ?? [] : []
            for occurrence in try event.occurrences(through: last) where !moved.contains(occurrence.start) {
                let first = clock.day(of: occurrence.start)
                let end: LocalDate
                switch occurrence.end {
                case .date(let day): end = day.adding(days: -1)
                case .dateTime(let instant):
                    end = occurrence.end > occurrence.start ? clock.day(of: .dateTime(instant.addingTimeInterval(-1))) : first
                }
                let span = try DateSpan(first: first, last: max(first, end), name: event.summary, line: event.line)
                if kind == .term { terms.append(span) } else { holidays.append(span) }
            }
        }
        let order: (DateSpan, DateSpan) -> Bool = { ($0.first, $0.last) < ($1.first, $1.last) }
        return (terms.sorted(by: order), holidays.sorted(by: order))
    }
}

extension ICalendar.Event {
    /// A term or a holiday, by its `CATEGORIES`, else `otherEvents`.
    public func kind(otherEvents: ICalendar.EntryKind) throws(CalendarError) -> ICalendar.EntryKind {
        let words = Set(categories.map { $0.uppercased() })
        let said = ICalendar.EntryKind.allCases.filter { !words.isDisjoint(with: ICalendar.categoryWords[$0] ?? []) }
        guard said.count <= 1 else {
            throw CalendarError(
                .malformedICalendar,
                "CATEGORIES say this event is both a term and a holiday (\(categories.joined(separator: ","))): keep one",
                line: line)
        }
        return said.first ?? otherEvents
    }
}

extension SchoolCalendar {
    /// This calendar with more terms and holidays (from an iCalendar file, say), checked again.
    public func adding(terms: [Term] = [], holidays: [Holiday] = []) throws(CalendarError) -> SchoolCalendar {
        try SchoolCalendar(
            timeZone: timeZone, periods: periods, terms: self.terms + terms, holidays: self.holidays + holidays,
            schoolWeekdays: schoolWeekdays)
    }
}
