import Foundation
import SchoolCalendar
import Testing

/// The recurrence expansion on rules RFC 5545's examples do not cover, including those where
/// Foundation's `Calendar.RecurrenceRule` goes wrong on this toolchain, and a comparison with
/// Foundation on the rules where it is right.
@Suite struct RecurrenceTests {
    /// The start days of a one-event file with `DTSTART;VALUE=DATE:start` and `RRULE:rule`.
    static func days(_ rule: String, from start: String, through last: String = "2035-12-31") throws -> [String] {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:\(start)\nRRULE:\(rule)\nEND:VEVENT\nEND:VCALENDAR\n"
        guard let event = try ICalendar(parsing: text, floatingTimeZone: Fixture.utc).events.first else { return [] }
        return try event.occurrences(through: LocalDate(last)).map { occurrence in
            if case .date(let day) = occurrence.start { return day.description }
            return "not a date"
        }
    }

    @Test func theLastMondayOfAMonthThatEndsOnASunday() throws {
        // Foundation gives 17 November 1997 here when weeks start on Monday (RFC 5545's default).
        let days = try Self.days("FREQ=MONTHLY;COUNT=3;BYDAY=-1MO;WKST=MO", from: "19971124")
        #expect(days == ["1997-11-24", "1997-12-29", "1998-01-26"])
    }

    @Test func aFifthWednesdayOnlyInTheMonthsThatHaveOne() throws {
        // Foundation stops the process (a try! in Calendar_Recurrence.swift) on this rule.
        let days = try Self.days("FREQ=YEARLY;COUNT=4;BYMONTH=1,3;BYDAY=5WE", from: "20270331")
        #expect(days == ["2027-03-31", "2028-03-29", "2029-01-31", "2030-01-30"])
    }

    @Test func aDayMissingFromAMonthIsSkippedNotMoved() throws {
        #expect(try Self.days("FREQ=MONTHLY;COUNT=4", from: "20260131") == ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"])
        #expect(try Self.days("FREQ=YEARLY;COUNT=3", from: "20240229") == ["2024-02-29", "2028-02-29", "2032-02-29"])
        #expect(try Self.days("FREQ=MONTHLY;COUNT=3;BYMONTHDAY=-1", from: "20260131") == ["2026-01-31", "2026-02-28", "2026-03-31"])
    }

    @Test func fortnightlyABWeeksAndTheLastWeekdayOfTheMonth() throws {
        #expect(
            try Self.days("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;UNTIL=20261001", from: "20260907")
                == ["2026-09-07", "2026-09-08", "2026-09-21", "2026-09-22"])
        #expect(
            try Self.days("FREQ=MONTHLY;COUNT=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", from: "20260930")
                == ["2026-09-30", "2026-10-30", "2026-11-30"])
        #expect(
            try Self.days("FREQ=DAILY;BYDAY=SA,SU;UNTIL=20261018", from: "20261010") == [
                "2026-10-10", "2026-10-11", "2026-10-17", "2026-10-18",
            ])
        #expect(try Self.days("FREQ=YEARLY;COUNT=2;BYYEARDAY=1,-1", from: "20260101") == ["2026-01-01", "2026-12-31"])
    }

    @Test func timedOccurrencesKeepTheirLocalTimeAcrossTheSpringGap() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;TZID=Europe/Paris:20260327T023000
            RRULE:FREQ=DAILY;COUNT=4
            END:VEVENT
            END:VCALENDAR
            """
        let starts = try ICalendar(parsing: text).events.first?.occurrences(through: LocalDate("2026-12-31")).map(\.start)
        #expect(
            starts == [
                .dateTime(Fixture.utcInstant("2026-03-27T01:30:00Z")), .dateTime(Fixture.utcInstant("2026-03-28T01:30:00Z")),
                .dateTime(Fixture.utcInstant("2026-03-29T01:00:00Z")), .dateTime(Fixture.utcInstant("2026-03-30T00:30:00Z")),
            ])
    }

    @Test(arguments: [
        ("FREQ=DAILY;BYDAY=1MO", "belongs in a MONTHLY or YEARLY rule"), ("FREQ=WEEKLY;BYMONTHDAY=1", "does not go with FREQ=WEEKLY"),
        ("FREQ=MONTHLY;BYYEARDAY=1", "goes only with FREQ=DAILY or YEARLY"), ("FREQ=MONTHLY;BYWEEKNO=1", "goes only with FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYSETPOS=1", "needs another BY part"), ("FREQ=DAILY;BYHOUR=9", "keep DTSTART's time of day"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0 is out of range"), ("FREQ=MONTHLY;BYMONTHDAY=0", "not 0"), ("INTERVAL=2", "FREQ is missing"),
        ("FREQ=DAILY;X-NAME=1", "X-NAME is not supported"), ("FREQ=DAILY;COUNT", "is not a rule part"),
    ])
    func aRuleOutsideTheRFCOrTheSubsetIsRefusedSayingWhy(rule: String, says: String) {
        let error = calendarError { _ = try Self.days(rule, from: "20260901") }
        #expect(error?.line == 4)
        #expect(error?.message.hasPrefix("RRULE: ") == true)
        #expect(error?.message.contains(says) == true, "\(error.map(\.description) ?? "no error")")
    }

    /// Rules where Foundation's expansion is right (weeks starting on Sunday, BYDAY only in daily and weekly rules),
    /// drawn from a fixed seed: both must give the same days.
    @Test func matchesFoundationOnTheRulesWhereFoundationIsRight() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Fixture.utc
        var seed: UInt64 = 0x5c0_01da_7e
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        let weekdays: [Locale.Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        for _ in 0..<300 {
            let frequency = [Calendar.RecurrenceRule.Frequency.daily, .weekly, .monthly, .yearly][next(4)]
            let interval = 1 + next(3)
            var rule = Calendar.RecurrenceRule(calendar: calendar, frequency: frequency, interval: interval, end: .afterOccurrences(15))
            var text =
                "FREQ=\(["daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY"]["\(frequency)"] ?? "");INTERVAL=\(interval);COUNT=15;WKST=SU"
            // Foundation reads BYDAY=TU in a monthly or yearly rule as the first Tuesday, not every
            // Tuesday (RFC 5545 §3.3.10; see RFC5545Examples' every-tuesday-other-month): daily and weekly only.
            if frequency == .daily || frequency == .weekly, next(2) == 0 {
                let chosen = Array(Set((0...next(3)).map { _ in next(7) })).sorted()
                rule.weekdays = chosen.map { .every(weekdays[$0]) }
                text += ";BYDAY=" + chosen.map { codes[$0] }.joined(separator: ",")
            }
            if frequency == .monthly || frequency == .yearly, next(2) == 0 {
                let chosen = Array(Set((0...next(3)).map { _ in 1 + next(28) })).sorted()
                rule.daysOfTheMonth = chosen
                text += ";BYMONTHDAY=" + chosen.map(String.init).joined(separator: ",")
            }
            if next(3) == 0 || frequency == .yearly {
                let chosen = Array(Set((0...next(4)).map { _ in 1 + next(12) })).sorted()
                rule.months = chosen.map { .init($0) }
                text += ";BYMONTH=" + chosen.map(String.init).joined(separator: ",")
            }
            let year = 2000 + next(30)
            let month = 1 + next(12)
            let day = 1 + next(28)
            let startText = "\(year)\(month < 10 ? "0" : "")\(month)\(day < 10 ? "0" : "")\(day)"
            guard let start = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { continue }
            let stop = calendar.date(from: DateComponents(year: year + 40, month: 1, day: 1)) ?? start
            var expected = rule.recurrences(of: start, in: start..<stop).map { LocalDate($0, in: Fixture.utc).description }
            // DTSTART is always an occurrence in RFC 5545; Foundation gives it only when it matches.
            let first = try LocalDate("\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)").description
            if expected.first != first { expected.insert(first, at: 0) }
            let ours = try Self.days(text, from: startText, through: "\(year + 39)-12-31")
            #expect(ours == expected, "\(text) from \(startText)")
        }
    }
}
