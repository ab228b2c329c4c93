import Foundation
import SchoolCalendar
import Testing

/// What a school sees of its calendar: which days are school days, which period is on, and the
/// mistakes a calendar is refused for.
@Suite struct SchoolCalendarTests {
    @Test func aWeekWithAHolidayHasFourSchoolDays() throws {
        let calendar = try Fixture.school()
        let days = try calendar.schoolDays(from: LocalDate("2026-11-09"), through: LocalDate("2026-11-15"))
        #expect(days.map(\.description) == ["2026-11-09", "2026-11-10", "2026-11-12", "2026-11-13"])
        let armistice = try calendar.day(LocalDate("2026-11-11"))
        #expect(armistice.kind == .holiday && !armistice.isSchoolDay)
        #expect(armistice.holiday?.name == "Armistice")
        #expect(armistice.termIndex == 2, "a holiday inside a term is still in that term")
        #expect(try calendar.matches(.holidays, on: LocalDate("2026-11-11")))
        #expect(try !calendar.matches(.schoolDays, on: LocalDate("2026-11-11")))
        #expect(try calendar.matches(.schoolDays, on: LocalDate("2026-11-12")))
        #expect(try !calendar.matches(.holidays, on: LocalDate("2026-11-12")))
    }

    @Test func theLastDayOfATermIsASchoolDayAndTheNextWeekdayIsNot() throws {
        let calendar = try Fixture.school()
        let last = try calendar.day(LocalDate("2026-10-16"))
        #expect(last.isSchoolDay && last.termIndex == 1 && last.term?.name == "autumn")
        let after = try calendar.day(LocalDate("2026-10-19"))
        #expect(after.kind == .outsideTerms && after.term == nil && after.termIndex == nil)
        #expect(try !calendar.matches(.holidays, on: LocalDate("2026-10-19")), "only listed holidays are holidays")
        let first = try calendar.day(LocalDate("2026-11-02"))
        #expect(first.isSchoolDay && first.termIndex == 2 && first.term?.name == nil)
        #expect(try !calendar.isSchoolDay(LocalDate("2026-08-31")))
        #expect(try calendar.isSchoolDay(LocalDate("2026-09-01")))
    }

    @Test func weekendsAreNotSchoolDaysEvenInATerm() throws {
        let calendar = try Fixture.school()
        let saturday = try calendar.day(LocalDate("2026-09-05"))
        #expect(saturday.kind == .weekend && saturday.weekday == .saturday && saturday.termIndex == 1)
        #expect(try calendar.day(LocalDate("2026-12-26")).kind == .holiday, "a Saturday inside the Christmas holiday is a holiday")
        #expect(try calendar.matches(.holidays, on: LocalDate("2026-12-26")))
    }

    @Test func aSchoolWithSaturdayMorningsSaysSo() throws {
        let calendar = try SchoolCalendar(timeZone: Fixture.paris, schoolWeekdays: Weekday.mondayToFriday.union([.saturday]))
        #expect(try calendar.isSchoolDay(LocalDate("2026-09-05")))
        #expect(try !calendar.isSchoolDay(LocalDate("2026-09-06")))
    }

    @Test func withoutTermsEveryWeekdayThatIsNotAHolidayIsASchoolDay() throws {
        let calendar = try SchoolCalendar(timeZone: Fixture.paris, holidays: [DateSpan("2026-07-14", name: "Bastille Day")])
        #expect(try calendar.isSchoolDay(LocalDate("2026-07-13")))
        #expect(try !calendar.isSchoolDay(LocalDate("2026-07-14")))
        #expect(try calendar.day(LocalDate("2026-07-13")).termIndex == nil)
    }

    @Test func theDayOfAnInstantIsTheDayInTheCalendarsZone() throws {
        let calendar = try Fixture.school()
        // 23:30 UTC on Tuesday 10 November is 00:30 on Wednesday 11 November in Paris: the holiday.
        let instant = Fixture.utcInstant("2026-11-10T23:30:00Z")
        #expect(try calendar.localDate(of: instant) == LocalDate("2026-11-11"))
        #expect(calendar.day(at: instant).holiday?.name == "Armistice")
        #expect(!calendar.isSchoolDay(at: instant))
    }

    @Test func thePeriodUnderWayIsReadOnTheCalendarsWallClock() throws {
        let calendar = try Fixture.school()
        // Paris is UTC+1 in November.
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-12T07:30:00Z"))?.name == "P1")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-12T08:24:59Z"))?.name == "P1")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-12T08:25:00Z")) == nil, "between P1 and P2")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-12T12:29:59Z"))?.name == "lunch")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-12T12:30:00Z"))?.name == "P5", "lunch ends as P5 starts")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-12T11:00:00Z"))?.name == "lunch")
        // Paris is UTC+2 in September.
        #expect(calendar.period(at: Fixture.utcInstant("2026-09-01T06:30:00Z"))?.name == "P1")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-11T07:30:00Z")) == nil, "no periods on a holiday")
        #expect(calendar.period(at: Fixture.utcInstant("2026-11-14T07:30:00Z")) == nil, "no periods on a Saturday")
        #expect(calendar.period(named: "lunch")?.end == (try LocalTime("13:30")))
    }

    @Test func periodBoundariesAreInTimeOrderWithAnEndBeforeAStartAtTheSameInstant() throws {
        let calendar = try Fixture.school()
        let boundaries = try calendar.periodBoundaries(on: LocalDate("2026-11-12"))
        #expect(
            boundaries.map { "\($0.period.name).\($0.edge.rawValue)" } == [
                "P1.start", "P1.end", "P2.start", "P2.end", "lunch.start", "lunch.end", "P5.start", "P5.end",
            ])
        #expect(boundaries.first?.instant == Fixture.utcInstant("2026-11-12T07:30:00Z"))
        #expect(boundaries[5].instant == boundaries[6].instant)
        #expect(boundaries.last?.localTime == (try LocalTime("14:25")))
        #expect(try calendar.periodBoundaries(on: LocalDate("2026-11-11")).isEmpty)
        #expect(try calendar.periodBoundaries(on: LocalDate("2026-11-14")).isEmpty)
    }

    @Test func periodsFollowTheWallClockAcrossTheChangeToSummerTime() throws {
        let calendar = try SchoolCalendar(timeZone: Fixture.paris, periods: [Period(name: "P1", "08:30-09:25")])
        #expect(try calendar.periodBoundaries(on: LocalDate("2026-03-27")).first?.instant == Fixture.utcInstant("2026-03-27T07:30:00Z"))
        #expect(try calendar.periodBoundaries(on: LocalDate("2026-03-30")).first?.instant == Fixture.utcInstant("2026-03-30T06:30:00Z"))
    }

    @Test func overlappingPeriodsAreRefusedNamingBoth() {
        let error = calendarError {
            _ = try SchoolCalendar(periods: [Period(name: "P1", "08:30-09:25"), Period(name: "P2", "09:20-10:15")])
        }
        #expect(error?.code == .overlappingPeriods)
        #expect(
            error?.message == "period P1 (08:30-09:25) overlaps period P2 (09:20-10:15): a period may start when another ends, not before")
        #expect(
            calendarError { _ = try SchoolCalendar(periods: [Period(name: "P1", "08:30-09:25"), Period(name: "P1", "10:00-11:00")]) }?
                .message == "there are two periods named P1: each period needs its own name")
    }

    @Test func aPeriodThatEndsBeforeItStartsIsRefused() {
        let error = calendarError { _ = try Period(name: "P3", "10:30-10:25") }
        #expect(error?.code == .reversedRange)
        #expect(error?.message.hasPrefix("period P3: 10:30-10:25 ends before it starts") == true)
        #expect(calendarError { _ = try Period(name: "P3", "10:30-10:30") }?.code == .reversedRange)
        let late = calendarError { _ = try Period(name: "P9", "23:00-25:00") }
        #expect(late?.code == .invalidTime)
        #expect(late?.message == "period P9: \"25:00\" is not a time of day: the hour must be 00 to 23 (times are HH:MM, 24-hour)")
        #expect(calendarError { _ = try Period(name: "P 1", "08:00-09:00") }?.code == .invalidName)
        #expect(calendarError { _ = try Period(name: "P1", "08:00") }?.message.contains("START-END") == true)
    }

    @Test func overlappingTermsAreRefusedButAdjacentOnesAreFine() throws {
        let error = calendarError {
            _ = try SchoolCalendar(terms: [DateSpan("2026-09-01..2026-10-16"), DateSpan("2026-10-16..2026-12-18")])
        }
        #expect(error?.code == .overlappingTerms)
        #expect(error?.message.hasPrefix("term 2026-09-01..2026-10-16 overlaps term 2026-10-16..2026-12-18") == true)
        let adjacent = try SchoolCalendar(terms: [DateSpan("2026-10-17..2026-12-18"), DateSpan("2026-09-01..2026-10-16")])
        #expect(adjacent.terms.map(\.first.description) == ["2026-09-01", "2026-10-17"], "terms are kept by first day")
        #expect(calendarError { _ = try DateSpan("2026-12-18..2026-11-02") }?.code == .reversedRange)
    }

    @Test func dayWordsAndTimeZonesAreReadWithErrorsThatListWhatIsAllowed() throws {
        #expect(try SchoolCalendar.DayWord("school_days") == .schoolDays)
        #expect(try SchoolCalendar.DayWord("holidays") == .holidays)
        #expect(
            calendarError { _ = try SchoolCalendar.DayWord("schooldays") }?.message
                == "\"schooldays\" is not a calendar day word: use school_days or holidays")
        #expect(try SchoolCalendar.timeZone(named: "Europe/Paris").identifier == "Europe/Paris")
        #expect(try SchoolCalendar.timeZone(named: nil) == TimeZone.current)
        #expect(calendarError { _ = try SchoolCalendar.timeZone(named: "Paris") }?.code == .unknownTimeZone)
    }
}
