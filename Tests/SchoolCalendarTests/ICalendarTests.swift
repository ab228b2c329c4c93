import Foundation
import SchoolCalendar
import Testing

/// iCalendar files read as RFC 5545 says, with each mistake at its line.
@Suite struct ICalendarTests {
    static func examples() throws -> ICalendar { try ICalendar(parsing: RFC5545Examples.file, floatingTimeZone: Fixture.newYork) }

    /// The starts of event `uid`'s occurrences through `last`, as `YYYY-MM-DD HH:MM` on New York's wall clock.
    static func starts(_ uid: String, through last: String = "2000-12-31") throws -> [String] {
        guard let event = try examples().events.first(where: { $0.uid == uid }) else {
            Issue.record("no event \(uid)")
            return []
        }
        let clock = LocalClock(timeZone: Fixture.newYork)
        return try event.occurrences(through: LocalDate(last)).map { occurrence in
            switch occurrence.start {
            case .date(let day): day.description
            case .dateTime(let instant):
                "\(clock.localDateTime(of: instant).date) \(clock.localDateTime(of: instant).time)"
            }
        }
    }

    static func days(_ month: String, _ days: [Int], at time: String = "09:00") -> [String] {
        days.map { "\(month)-\($0 < 10 ? "0" : "")\($0) \(time)" }
    }

    @Test func theExamplesFileIsReadWithItsFoldedAndEscapedSummaries() throws {
        let file = try Self.examples()
        #expect(file.events.count == 22)
        #expect(file.events.first?.summary == "Daily for 10 occurrences, an example that is long enough to be folded")
        #expect(file.events.first?.line == 13)
        #expect(file.events.first { $0.uid == "daily-until" }?.summary == "Daily until December 24, 1997")
    }

    @Test func dailyForTenOccurrences() throws {
        #expect(try Self.starts("daily-10") == Self.days("1997-09", Array(2...11)))
    }

    @Test func dailyUntilADateIsInclusiveAndCrossesTheAutumnChange() throws {
        let starts = try Self.starts("daily-until")
        #expect(starts.count == 113)
        #expect(starts.first == "1997-09-02 09:00")
        #expect(starts.last == "1997-12-23 09:00")
        #expect(starts.allSatisfy { $0.hasSuffix(" 09:00") }, "09:00 local on both sides of 26 October 1997")
    }

    @Test func everyTenDaysFiveTimes() throws {
        #expect(
            try Self.starts("every-10-days") == [
                "1997-09-02 09:00", "1997-09-12 09:00", "1997-09-22 09:00", "1997-10-02 09:00", "1997-10-12 09:00",
            ])
    }

    @Test func everyDayInJanuaryForThreeYears() throws {
        let starts = try Self.starts("january-yearly")
        #expect(starts.count == 93)
        #expect(starts.allSatisfy { $0.dropFirst(4).hasPrefix("-01-") })
        #expect(starts.first == "1998-01-01 09:00" && starts.last == "2000-01-31 09:00")
    }

    @Test func weeklyForTenOccurrences() throws {
        #expect(
            try Self.starts("weekly-10") == Self.days("1997-09", [2, 9, 16, 23, 30]) + Self.days("1997-10", [7, 14, 21, 28]) + [
                "1997-11-04 09:00"
            ])
    }

    @Test func everyOtherWeekOnMondayWednesdayAndFridayUntilADate() throws {
        #expect(
            try Self.starts("fortnightly-mwf")
                == Self.days("1997-09", [1, 3, 5, 15, 17, 19, 29]) + Self.days("1997-10", [1, 3, 13, 15, 17, 27, 29, 31])
                + Self.days("1997-11", [10, 12, 14, 24, 26, 28]) + Self.days("1997-12", [8, 10, 12, 22]))
    }

    @Test func everyOtherWeekOnTuesdayAndThursdayEightTimes() throws {
        #expect(try Self.starts("fortnightly-tuth") == Self.days("1997-09", [2, 4, 16, 18, 30]) + Self.days("1997-10", [2, 14, 16]))
    }

    @Test func everyTuesdayEveryOtherMonth() throws {
        let starts = try Self.starts("every-tuesday-other-month", through: "1998-05-31")
        #expect(
            starts == Self.days("1998-01", [6, 13, 20, 27]) + Self.days("1998-03", [3, 10, 17, 24, 31])
                + Self.days("1998-05", [5, 12, 19, 26]))
    }

    @Test func monthlyOnTheFirstFriday() throws {
        #expect(
            try Self.starts("first-friday") == [
                "1997-09-05 09:00", "1997-10-03 09:00", "1997-11-07 09:00", "1997-12-05 09:00", "1998-01-02 09:00", "1998-02-06 09:00",
                "1998-03-06 09:00", "1998-04-03 09:00", "1998-05-01 09:00", "1998-06-05 09:00",
            ])
    }

    @Test func monthlyOnTheSecondToLastMonday() throws {
        let starts = try Self.starts("second-to-last-monday")
        #expect(
            starts == [
                "1997-09-22 09:00", "1997-10-20 09:00", "1997-11-17 09:00", "1997-12-22 09:00", "1998-01-19 09:00", "1998-02-16 09:00",
            ])
    }

    @Test func aRuleThatRepeatsForeverStopsAtTheHorizon() throws {
        #expect(
            try Self.starts("third-to-last-day", through: "1998-02-28") == [
                "1997-09-28 09:00", "1997-10-29 09:00", "1997-11-28 09:00", "1997-12-29 09:00", "1998-01-29 09:00", "1998-02-26 09:00",
            ])
    }

    @Test func monthlyOnTheSecondAndFifteenth() throws {
        #expect(
            try Self.starts("second-and-fifteenth") == ["09", "10", "11", "12"].flatMap { Self.days("1997-\($0)", [2, 15]) }
                + Self.days("1998-01", [2, 15]))
    }

    @Test func yearlyInJuneAndJuly() throws {
        let starts = try Self.starts("june-july", through: "2001-12-31")
        #expect(starts == (1997...2001).flatMap { ["\($0)-06-10 09:00", "\($0)-07-10 09:00"] })
    }

    @Test func everyFridayTheThirteenthWithTheStartExcluded() throws {
        #expect(
            try Self.starts("friday-13th") == [
                "1998-02-13 09:00", "1998-03-13 09:00", "1998-11-13 09:00", "1999-08-13 09:00", "2000-10-13 09:00",
            ])
    }

    @Test func electionDayEveryFourYears() throws {
        #expect(try Self.starts("election-day", through: "2004-12-31") == ["1996-11-05 09:00", "2000-11-07 09:00", "2004-11-02 09:00"])
    }

    @Test func setPositionsWeekNumbersAndWeekStarts() throws {
        #expect(try Self.starts("third-tu-we-th") == ["1997-09-04 09:00", "1997-10-07 09:00", "1997-11-06 09:00"])
        #expect(try Self.starts("week-20", through: "1999-12-31") == ["1997-05-12 09:00", "1998-05-11 09:00", "1999-05-17 09:00"])
        #expect(try Self.starts("wkst-mo") == ["1997-08-05 09:00", "1997-08-10 09:00", "1997-08-19 09:00", "1997-08-24 09:00"])
        #expect(try Self.starts("wkst-su") == ["1997-08-05 09:00", "1997-08-17 09:00", "1997-08-19 09:00", "1997-08-31 09:00"])
    }

    @Test func exdateRemovesAndRdateAddsOccurrences() throws {
        let file = try Self.examples()
        let exdate = file.events.first { $0.uid == "exdate-utc" }
        #expect(
            try exdate?.occurrences(through: LocalDate("1996-12-31")).map(\.start)
                == [.dateTime(Fixture.utcInstant("1996-04-01T01:00:00Z")), .dateTime(Fixture.utcInstant("1996-04-05T01:00:00Z"))])
        #expect(
            try Self.starts("rdate-dates", through: "1997-12-31") == [
                "1997-01-01", "1997-01-20", "1997-02-17", "1997-04-21", "1997-05-26", "1997-07-04", "1997-09-01", "1997-10-14",
                "1997-11-28",
                "1997-11-29", "1997-12-25",
            ])
        let extra = try file.events.first { $0.uid == "rdate-tzid" }?.occurrences(through: LocalDate("1997-12-31"))
        #expect(
            extra?.map(\.end) == [
                .dateTime(Fixture.utcInstant("1997-07-01T13:30:00Z")), .dateTime(Fixture.utcInstant("1997-07-14T13:30:00Z")),
            ])
    }

    // MARK: A school's own file

    static let termDates = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//A school//Term dates 2026-2027//FR
        BEGIN:VEVENT
        UID:t1@school
        SUMMARY:Trimestre 1
        CATEGORIES:TERM
        DTSTART;VALUE=DATE:20260901
        DTEND;VALUE=DATE:20261017
        END:VEVENT
        BEGIN:VEVENT
        UID:toussaint@school
        SUMMARY:Vacances de la Toussaint
        DTSTART;VALUE=DATE:20261017
        DTEND;VALUE=DATE:20261102
        END:VEVENT
        BEGIN:VEVENT
        UID:t2@school
        SUMMARY:Trimestre 2
        CATEGORIES:School,Term
        DTSTART;VALUE=DATE:20261102
        DTEND;VALUE=DATE:20261219
        END:VEVENT
        BEGIN:VEVENT
        UID:armistice@school
        SUMMARY:Armistice
        DTSTART;VALUE=DATE:20261111
        RRULE:FREQ=YEARLY
        END:VEVENT
        BEGIN:VEVENT
        UID:training@school
        SUMMARY:Staff training
        CATEGORIES:HOLIDAY
        DTSTART;TZID=Europe/Paris:20261204T130000
        DTEND;TZID=Europe/Paris:20261204T170000
        BEGIN:VALARM
        ACTION:DISPLAY
        TRIGGER:-PT15M
        END:VALARM
        END:VEVENT
        BEGIN:VEVENT
        UID:cancelled@school
        SUMMARY:Open day (cancelled)
        STATUS:CANCELLED
        DTSTART;VALUE=DATE:20261125
        END:VEVENT
        END:VCALENDAR
        """

    @Test func termsAndHolidaysFromASchoolsFileMakeTheWeekASchoolExpects() throws {
        let file = try ICalendar(parsing: Self.termDates, floatingTimeZone: Fixture.paris)
        let dates = try file.schoolDates(in: Fixture.paris, through: LocalDate("2027-08-31"))
        #expect(dates.terms.map(\.description) == ["Trimestre 1 2026-09-01..2026-10-16", "Trimestre 2 2026-11-02..2026-12-18"])
        #expect(
            dates.holidays.map(\.description) == [
                "Vacances de la Toussaint 2026-10-17..2026-11-01", "Armistice 2026-11-11", "Staff training 2026-12-04",
            ])
        #expect(dates.holidays.first?.line == 11)
        let calendar = try SchoolCalendar(timeZone: Fixture.paris, terms: dates.terms, holidays: dates.holidays)
        #expect(try calendar.schoolDays(from: LocalDate("2026-11-09"), through: LocalDate("2026-11-15")).map(\.day) == [9, 10, 12, 13])
        #expect(try calendar.day(LocalDate("2026-10-20")).holiday?.name == "Vacances de la Toussaint")
        #expect(try calendar.isSchoolDay(LocalDate("2026-11-25")), "a cancelled event is no holiday")
        #expect(try !calendar.isSchoolDay(LocalDate("2026-12-04")))
        let later = try file.schoolDates(in: Fixture.paris, through: LocalDate("2028-08-31"))
        #expect(later.holidays.filter { $0.name == "Armistice" }.map(\.first.description) == ["2026-11-11", "2027-11-11"])
    }

    @Test func aFileOfTermsIsReadAsTermsWhenTheCallerSaysSo() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            SUMMARY:Autumn
            DTSTART;VALUE=DATE:20260901
            DTEND;VALUE=DATE:20261017
            END:VEVENT
            BEGIN:VEVENT
            SUMMARY:Half term
            CATEGORIES:HOLIDAYS
            DTSTART;VALUE=DATE:20261026
            DURATION:P1W
            END:VEVENT
            END:VCALENDAR
            """
        let dates = try ICalendar(parsing: text).schoolDates(in: Fixture.paris, through: LocalDate("2027-08-31"), otherEvents: .term)
        #expect(dates.terms.map(\.description) == ["Autumn 2026-09-01..2026-10-16"])
        #expect(dates.holidays.map(\.description) == ["Half term 2026-10-26..2026-11-01"])
    }

    @Test func aMovedOccurrenceReplacesTheOneItNames() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            UID:inset
            SUMMARY:Inset day
            DTSTART;VALUE=DATE:20260907
            RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=1MO
            END:VEVENT
            BEGIN:VEVENT
            UID:inset
            RECURRENCE-ID;VALUE=DATE:20261005
            SUMMARY:Inset day (moved)
            DTSTART;VALUE=DATE:20261009
            END:VEVENT
            END:VCALENDAR
            """
        let dates = try ICalendar(parsing: text).schoolDates(in: Fixture.paris, through: LocalDate("2027-08-31"))
        #expect(dates.holidays.map(\.description) == ["Inset day 2026-09-07", "Inset day (moved) 2026-10-09", "Inset day 2026-11-02"])
    }

    @Test func floatingTimesAreReadInTheCalendarsZone() throws {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260329T023000\nEND:VEVENT\nEND:VCALENDAR\n"
        let event = try ICalendar(parsing: text, floatingTimeZone: Fixture.paris).events.first
        #expect(event?.start == .dateTime(Fixture.utcInstant("2026-03-29T01:00:00Z")), "02:30 does not exist that day: 03:00")
        #expect(event?.timeZone == Fixture.paris)
    }

    // MARK: Mistakes, at their line

    @Test(arguments: [
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260230\nEND:VEVENT\nEND:VCALENDAR", 3, CalendarError.Code.invalidDate,
            "February 2026 has 28 days"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTSTART:20260901\nEND:VCALENDAR", 5, .malformedICalendar,
            "BEGIN:VEVENT of line 2 is still open"
        ),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901\n", 2, .malformedICalendar, "END:VEVENT is missing"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:no start\nEND:VEVENT\nEND:VCALENDAR", 2, .malformedICalendar, "has no DTSTART"),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901\nSUMMARY no colon\nEND:VEVENT\nEND:VCALENDAR", 4, .malformedICalendar,
            "no \":\""
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901\nRRULE:FREQ=HOURLY\nEND:VEVENT\nEND:VCALENDAR", 4, .unsupportedICalendar,
            "use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901\nRRULE:FREQ=WEEKLY;BYDAY=XX\nEND:VEVENT\nEND:VCALENDAR", 4,
            .malformedICalendar, "\"XX\" is not a day"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901\nRRULE:FREQ=DAILY;COUNT=3;UNTIL=20261001\nEND:VEVENT\nEND:VCALENDAR", 4,
            .malformedICalendar, "not both"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901\nRRULE:FREQ=MONTHLY;BYMONTH=13\nEND:VEVENT\nEND:VCALENDAR", 4,
            .malformedICalendar, "BYMONTH=13 is out of range"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=Romance Standard Time:20260901T080000\nEND:VEVENT\nEND:VCALENDAR", 3,
            .unknownTimeZone, "use an IANA name"
        ),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901T250000\nEND:VEVENT\nEND:VCALENDAR", 3, .invalidTime, "hours 00-23"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260901T0800\nEND:VEVENT\nEND:VCALENDAR", 3, .malformedICalendar, "YYYYMMDDTHHMMSS"),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260905\nDTEND;VALUE=DATE:20260901\nEND:VEVENT\nEND:VCALENDAR", 4,
            .reversedRange, "DTEND is before DTSTART"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260905\nDTEND:20260906T000000\nEND:VEVENT\nEND:VCALENDAR", 4,
            .malformedICalendar, "DTEND must be a DATE"
        ),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260905\nRDATE;VALUE=PERIOD:19960403T020000Z/PT2H\nEND:VEVENT\nEND:VCALENDAR", 4,
            .unsupportedICalendar, "VALUE=PERIOD is not supported"
        ),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260905\nDURATION:1D\nEND:VEVENT\nEND:VCALENDAR", 4, .malformedICalendar, "write P1D"),
        (" BEGIN:VCALENDAR\nEND:VCALENDAR", 1, .malformedICalendar, "continuation line"),
        ("SUMMARY:hello\n", 1, .malformedICalendar, "must start with BEGIN:VCALENDAR"),
        ("\n\n", 1, .malformedICalendar, "holds no calendar"),
        (
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nCATEGORIES:TERM,HOLIDAY\nDTSTART:20260905\nEND:VEVENT\nEND:VCALENDAR", 2, .malformedICalendar,
            "both a term and a holiday"
        ),
    ])
    func aMalformedFileIsRefusedAtItsLine(text: String, line: Int, code: CalendarError.Code, says: String) {
        let error = calendarError {
            _ = try ICalendar(parsing: text).schoolDates(in: Fixture.paris, through: LocalDate("2027-08-31"))
        }
        #expect(error?.line == line, "\(error.map(\.description) ?? "no error")")
        #expect(error?.code == code, "\(error.map(\.description) ?? "no error")")
        #expect(error?.message.contains(says) == true, "\(error.map(\.description) ?? "no error")")
        #expect(error?.description.hasPrefix("\(line): ") == true)
    }

    @Test func overlappingTermsFromAFileAreRefusedAtTheLaterEventsLine() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            CATEGORIES:TERM
            DTSTART;VALUE=DATE:20260901
            DTEND;VALUE=DATE:20261017
            END:VEVENT
            BEGIN:VEVENT
            CATEGORIES:TERM
            DTSTART;VALUE=DATE:20261010
            DTEND;VALUE=DATE:20261219
            END:VEVENT
            END:VCALENDAR
            """
        let dates = try ICalendar(parsing: text).schoolDates(in: Fixture.paris, through: LocalDate("2027-08-31"))
        let error = calendarError { _ = try SchoolCalendar(timeZone: Fixture.paris).adding(terms: dates.terms) }
        #expect(error?.code == .overlappingTerms)
        #expect(error?.line == 7)
    }

    @Test func aDailyRuleWithoutEndIsCappedByTheHorizonAndAHugeCountIsRefused() throws {
        let forever = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260901\nRRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR"
        let dates = try ICalendar(parsing: forever).schoolDates(in: Fixture.paris, through: LocalDate("2026-09-30"))
        #expect(dates.holidays.count == 30)
        let huge = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260901\nRRULE:FREQ=DAILY\nEND:VEVENT\nEND:VCALENDAR"
        let error = calendarError { _ = try ICalendar(parsing: huge).schoolDates(in: Fixture.paris, through: LocalDate("2100-12-31")) }
        #expect(error?.code == .tooManyOccurrences)
        #expect(error?.line == 2)
    }
}
