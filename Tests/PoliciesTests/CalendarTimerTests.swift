import Foundation
import Lua
import SchoolCalendar
import Testing

@testable import Policies

/// `at` timers on the school calendar, in its zone, across daylight saving changes (issue 14).
@Suite struct CalendarTimerTests {
    static let paris = TimeZone(identifier: "Europe/Paris") ?? .current

    static func school() throws -> SchoolCalendar {
        try SchoolCalendar(
            timeZone: paris, periods: [try Period(name: "P1", "08:30-09:25")],
            terms: [try DateSpan("2026-09-01..2026-12-18")], holidays: [try DateSpan("2026-11-11", name: "Armistice")])
    }

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        return calendar
    }

    static func utc(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    func firings(_ spec: TimerSpec, from: String, count: Int, school: SchoolCalendar?) throws -> [String] {
        var at = try Self.utc(from)
        var found: [String] = []
        for _ in 0..<count {
            at = spec.next(after: at, calendar: Self.calendar, school: school)
            found.append(ISO8601DateFormatter().string(from: at))
        }
        return found
    }

    @Test func schoolDaysSkipHolidaysWeekendsAndTheTimeBetweenTerms() throws {
        let spec = try TimerSpec.at("17:30", options: LuaTable(fields: ["days": .string("school_days")]))
        // Tuesday 10 November: Wednesday the 11th is a holiday, then Thursday, Friday, Monday.
        #expect(
            try firings(spec, from: "2026-11-10T12:00:00Z", count: 4, school: Self.school()) == [
                "2026-11-10T16:30:00Z", "2026-11-12T16:30:00Z", "2026-11-13T16:30:00Z", "2026-11-16T16:30:00Z",
            ])
        // After the last term the next school day is not there: no firing within the year.
        let last = try firings(spec, from: "2026-12-18T17:00:00Z", count: 1, school: Self.school())
        #expect(last.first.map { $0 > "2027-12-01" } == true, "\(last)")
        let holidays = try TimerSpec.at("10:00", options: LuaTable(fields: ["days": .string("holidays")]))
        #expect(try firings(holidays, from: "2026-11-01T00:00:00Z", count: 1, school: Self.school()) == ["2026-11-11T09:00:00Z"])
    }

    @Test func aTimeTheClocksSkipRunsOnceAtTheFirstInstantAfter() throws {
        let spec = try TimerSpec.at("02:30", options: nil)
        // Sunday 29 March 2026 in Paris: 02:00 → 03:00. The night before and after run at 02:30.
        #expect(
            try firings(spec, from: "2026-03-27T12:00:00Z", count: 3, school: nil) == [
                "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z",
            ])
    }

    @Test func aTimeThatHappensTwiceRunsOnceTheFirstTime() throws {
        let spec = try TimerSpec.at("02:30", options: nil)
        // Sunday 25 October 2026 in Paris: 03:00 → 02:00, so 02:30 happens at 00:30Z and 01:30Z.
        #expect(
            try firings(spec, from: "2026-10-24T12:00:00Z", count: 3, school: nil) == [
                "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z",
            ])
    }

    @Test func aDailyTimeFiresOncePerDayForAWholeYear() throws {
        let spec = try TimerSpec.at("02:30", options: nil)
        let all = try firings(spec, from: "2026-01-01T00:00:00Z", count: 365, school: nil)
        #expect(Set(all).count == 365)
        #expect(all.last?.hasPrefix("2026-12-31") == true)
        let days = Set(all.map { LocalDate(ISO8601DateFormatter().date(from: $0) ?? Date(), in: Self.paris).description })
        #expect(days.count == 365, "one firing on each local day")
    }

    @Test func atPeriodNamesItsPeriodAndRefusesOneTheCalendarLacks() throws {
        let spec = try PolicyAPI.atPeriod(.string("P1"), edge: .string("end"), options: .nil, school: Self.school())
        #expect(spec.description == "at P1 end on school days")
        #expect(try firings(spec, from: "2026-11-10T12:00:00Z", count: 1, school: Self.school()) == ["2026-11-12T08:25:00Z"])
        #expect(throws: LuaScriptError.self) {
            try PolicyAPI.atPeriod(.string("P9"), edge: .string("end"), options: .nil, school: Self.school())
        }
        do {
            _ = try PolicyAPI.atPeriod(.string("P1"), edge: .string("end"), options: .nil, school: nil)
            Issue.record("at_period without a calendar must be refused")
        } catch {
            #expect("\(error)".contains("needs the school calendar"))
        }
    }

    @Test func everyTakesDaysToo() throws {
        let spec = try PolicyAPI.timer("every", .string("30m"), options: .table(LuaTable(fields: ["days": .string("school_days")])))
        #expect(spec.description == "every 30m on school days")
        // Tuesday 10 November 23:10 local: the next run is Thursday 00:00 (Wednesday is a holiday).
        #expect(
            try firings(spec, from: "2026-11-10T22:10:00Z", count: 2, school: Self.school()) == [
                "2026-11-10T22:30:00Z", "2026-11-11T23:00:00Z",
            ])
        #expect(throws: LuaScriptError.self) {
            try PolicyAPI.timer("every", .string("30m"), options: .table(LuaTable(fields: ["grace": .string("5m")])))
        }
    }

    @Test func schoolDaysAndHolidaysCannotBeAskedTogether() throws {
        #expect(throws: LuaScriptError.self) {
            try TimerSpec.at(
                "10:00", options: LuaTable(fields: ["days": .table(LuaTable(array: [.string("school_days"), .string("holidays")]))]))
        }
        let fridays = try TimerSpec.at(
            "10:00", options: LuaTable(fields: ["days": .table(LuaTable(array: [.string("fri"), .string("school_days")]))]))
        #expect(fridays.description == "at 10:00 on fri that are school days")
    }
}
