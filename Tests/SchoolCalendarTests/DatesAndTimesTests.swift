import Foundation
import SchoolCalendar
import Testing

/// Dates and times as a school writes them, and the mistakes it can make.
@Suite struct DatesAndTimesTests {
    @Test func aDateThatDoesNotExistIsRefusedSayingWhy() {
        let error = calendarError { _ = try LocalDate("2026-02-30") }
        #expect(error?.code == .invalidDate)
        #expect(error?.message == "\"2026-02-30\" is not a date: February 2026 has 28 days")
        #expect(calendarError { _ = try LocalDate("2026-04-31") }?.message.contains("April 2026 has 30 days") == true)
        #expect(calendarError { _ = try LocalDate("2026-13-01") }?.message.contains("the month must be 01 to 12") == true)
        #expect(calendarError { _ = try LocalDate("1/9/2026") }?.message.contains("YYYY-MM-DD") == true)
        #expect(calendarError { _ = try LocalDate("2026-9-01") }?.code == .invalidDate)
    }

    @Test func leapDaysExistOnlyInLeapYears() throws {
        #expect(try LocalDate("2028-02-29").weekday == .tuesday)
        #expect(try LocalDate("2000-02-29").day == 29)
        #expect(calendarError { _ = try LocalDate("2100-02-29") }?.message.contains("February 2100 has 28 days") == true)
    }

    @Test func weekdaysAndDayArithmeticFollowTheWallCalendar() throws {
        #expect(try LocalDate("2026-09-01").weekday == .tuesday)
        #expect(try LocalDate("1970-01-01").weekday == .thursday)
        #expect(try LocalDate("1969-12-31").weekday == .wednesday)
        #expect(try LocalDate("2026-12-31").adding(days: 1) == LocalDate("2027-01-01"))
        #expect(try LocalDate("2028-03-01").adding(days: -1) == LocalDate("2028-02-29"))
        #expect(try LocalDate("2026-01-01").days(to: LocalDate("2027-01-01")) == 365)
        #expect(try LocalDate("1600-03-01").adding(days: 146_097) == LocalDate("2000-03-01"))
        #expect(try LocalDate("2026-11-11").description == "2026-11-11")
    }

    @Test func everySeventeenthDayOfFourHundredYearsMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Fixture.utc
        var day = try LocalDate("1900-01-01")
        let last = try LocalDate("2300-01-01")
        var checked = 0
        while day < last {
            let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
            let noon = midnight.map { $0.addingTimeInterval(12 * 3600) }
            #expect(noon.map { LocalDate($0, in: Fixture.utc) } == day)
            #expect(
                noon.map { calendar.component(.weekday, from: $0) } == (day.weekday == .sunday ? 1 : day.weekday.rawValue + 1), "\(day)")
            #expect(day.adding(days: 17).adding(days: -17) == day)
            day = day.adding(days: 17)
            checked += 1
        }
        #expect(checked > 8000)
    }

    @Test func aTimeOutOfTheDayIsRefusedSayingWhatIsAllowed() {
        let error = calendarError { _ = try LocalTime("25:00") }
        #expect(error?.code == .invalidTime)
        #expect(error?.message == "\"25:00\" is not a time of day: the hour must be 00 to 23 (times are HH:MM, 24-hour)")
        #expect(calendarError { _ = try LocalTime("08:60") }?.message.contains("the minute must be 00 to 59") == true)
        #expect(calendarError { _ = try LocalTime("8h30") }?.message.contains("HH:MM") == true)
        #expect(calendarError { _ = try LocalTime("24:00") }?.code == .invalidTime)
    }

    @Test func timesAreWrittenWithOrWithoutALeadingZero() throws {
        #expect(try LocalTime("8:30") == LocalTime("08:30"))
        #expect(try LocalTime("08:30").description == "08:30")
        #expect(try LocalTime("23:59").minutesSinceMidnight == 1439)
    }

    @Test func spansAreADayOrTwoDatesBothIncluded() throws {
        let christmas = try DateSpan("2026-12-19..2027-01-03", name: "Christmas")
        #expect(christmas.dayCount == 16)
        #expect(try christmas.contains(LocalDate("2026-12-19")) && christmas.contains(LocalDate("2027-01-03")))
        #expect(try !christmas.contains(LocalDate("2027-01-04")))
        #expect(try DateSpan("2026-11-11").dayCount == 1)
        let reversed = calendarError { _ = try DateSpan("2027-01-03..2026-12-19") }
        #expect(reversed?.code == .reversedRange)
        #expect(reversed?.message.contains("ends before it starts") == true)
        #expect(calendarError { _ = try DateSpan("2026-12-19..2026-12-32") }?.message.contains("December 2026 has 31 days") == true)
    }
}
