import Foundation
import SchoolCalendar
import Testing

/// A local time is one instant per local day, on the days clocks change too.
@Suite struct DaylightSavingTests {
    let paris = LocalClock(timeZone: Fixture.paris)
    let newYork = LocalClock(timeZone: Fixture.newYork)

    @Test func aTimeInTheSpringGapRunsAtTheFirstInstantAfterIt() throws {
        // Paris, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        let day = try LocalDate("2026-03-29")
        #expect(try paris.resolve(LocalTime("02:30"), on: day) == .skipped(runsAt: Fixture.utcInstant("2026-03-29T01:00:00Z")))
        #expect(try paris.instant(of: LocalTime("02:00"), on: day) == Fixture.utcInstant("2026-03-29T01:00:00Z"))
        #expect(try paris.instant(of: LocalTime("02:59"), on: day) == Fixture.utcInstant("2026-03-29T01:00:00Z"))
        #expect(try paris.resolve(LocalTime("03:00"), on: day) == .exact(Fixture.utcInstant("2026-03-29T01:00:00Z")))
        #expect(try paris.resolve(LocalTime("01:59"), on: day) == .exact(Fixture.utcInstant("2026-03-29T00:59:00Z")))
        // Foundation's own reading moves 02:30 by the gap's length (to 03:30): ours does not.
        #expect(try paris.instant(of: LocalTime("02:30"), on: day) != Fixture.foundationInstant("2026-03-29", "02:30", in: Fixture.paris))
    }

    @Test func aTimeThatHappensTwiceInAutumnRunsAtTheFirst() throws {
        // Paris, Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC.
        let day = try LocalDate("2026-10-25")
        #expect(
            try paris.resolve(LocalTime("02:30"), on: day)
                == .repeated(first: Fixture.utcInstant("2026-10-25T00:30:00Z"), second: Fixture.utcInstant("2026-10-25T01:30:00Z")))
        #expect(try paris.instant(of: LocalTime("02:30"), on: day) == Fixture.utcInstant("2026-10-25T00:30:00Z"))
        #expect(try paris.resolve(LocalTime("03:00"), on: day) == .exact(Fixture.utcInstant("2026-10-25T02:00:00Z")))
        #expect(try paris.resolve(LocalTime("01:59"), on: day) == .exact(Fixture.utcInstant("2026-10-24T23:59:00Z")))
    }

    @Test func newYorkChangesAtTwoInTheMorningLocalTime() throws {
        // Sunday 8 March 2026: 02:00 EST becomes 03:00 EDT at 07:00 UTC.
        #expect(
            try newYork.resolve(LocalTime("02:30"), on: LocalDate("2026-03-08"))
                == .skipped(runsAt: Fixture.utcInstant("2026-03-08T07:00:00Z")))
        #expect(try newYork.instant(of: LocalTime("08:00"), on: LocalDate("2026-03-08")) == Fixture.utcInstant("2026-03-08T12:00:00Z"))
        // Sunday 1 November 2026: 02:00 EDT becomes 01:00 EST at 06:00 UTC; 01:30 happens twice.
        #expect(
            try newYork.resolve(LocalTime("01:30"), on: LocalDate("2026-11-01"))
                == .repeated(first: Fixture.utcInstant("2026-11-01T05:30:00Z"), second: Fixture.utcInstant("2026-11-01T06:30:00Z")))
        #expect(try newYork.resolve(LocalTime("02:30"), on: LocalDate("2026-11-01")) == .exact(Fixture.utcInstant("2026-11-01T07:30:00Z")))
    }

    @Test(arguments: ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func aYearOfDailyTimesFiresOncePerDay(zoneName: String) throws {
        let clock = LocalClock(timeZone: Fixture.zone(zoneName))
        for text in ["00:00", "01:30", "02:00", "02:30", "08:30", "23:59"] {
            let time = try LocalTime(text)
            let instants = try clock.instants(of: time, from: LocalDate("2026-01-01"), through: LocalDate("2026-12-31"))
            #expect(instants.count == 365, "\(zoneName) \(text)")
            #expect(Set(instants).count == 365, "\(zoneName) \(text): two days fired at the same instant")
            #expect(zip(instants, instants.dropFirst()).allSatisfy { $0 < $1 }, "\(zoneName) \(text): out of order")
            for (offset, instant) in instants.enumerated() {
                let day = try LocalDate("2026-01-01").adding(days: offset)
                let local = clock.localDateTime(of: instant)
                let shown = clock.resolve(time, on: day)
                if case .skipped = shown {
                    #expect(local.date == day && local.time > time, "\(zoneName) \(day) \(text) runs after the gap")
                } else {
                    #expect(local.date == day && local.time == time && local.second == 0, "\(zoneName) \(day) \(text) ran at \(local)")
                }
            }
        }
    }

    @Test func onlyTheTwoChangeDaysAreSpecialInParis() throws {
        let nightly = try LocalTime("02:30")
        var skipped: [String] = []
        var repeated: [String] = []
        let first = try LocalDate("2026-01-01")
        for offset in 0..<365 {
            let day = first.adding(days: offset)
            switch paris.resolve(nightly, on: day) {
            case .exact: break
            case .skipped: skipped.append(day.description)
            case .repeated: repeated.append(day.description)
            }
        }
        #expect(skipped == ["2026-03-29"])
        #expect(repeated == ["2026-10-25"])
    }

    @Test func aLeapYearHas366Firings() throws {
        #expect(try paris.instants(of: LocalTime("02:30"), from: LocalDate("2028-01-01"), through: LocalDate("2028-12-31")).count == 366)
        #expect(try paris.instants(of: LocalTime("02:30"), from: LocalDate("2028-01-02"), through: LocalDate("2028-01-01")).isEmpty)
    }
}
