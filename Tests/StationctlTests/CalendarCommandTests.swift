import Foundation
import Testing

/// `stationctl calendar` end to end (issue 14).
@Suite struct CalendarCommandTests {
    static let config =
        Lab.standardConfig + """

            calendar {
              timezone = "Europe/Paris",
              periods  = { P1 = "08:30-09:25" },
              terms    = { autumn = "2026-11-02..2026-12-18" },
              holidays = { armistice = "2026-11-11" },
            }
            policy "nightly-shutdown" { at = "17:30" }
            """

    @Test func aWeekShowsTheHolidayAndWhenTheTimersFire() throws {
        let lab = try Lab(config: Self.config)
        lab.now = "2026-11-09T07:00:00Z"
        let text = try lab.ok("calendar").out
        #expect(text.contains("Periods: P1 08:30-09:25"))
        #expect(text.contains("wed  2026-11-11  holiday (armistice)"), "\(text)")
        #expect(text.contains("tue  2026-11-10  school day (term autumn)  17:30 nightly-shutdown"), "\(text)")
        #expect(text.contains("sat  2026-11-14  weekend"))
        let json = try lab.ok("calendar", "--from", "2026-11-11", "--until", "2026-11-12", "--json").json() as? [String: Any]
        let days = try #require(json?["days"] as? [[String: Any]])
        #expect(days.map { $0["kind"] as? String } == ["holiday", "school_day"])
        #expect((days[0]["timers"] as? [Any])?.isEmpty == true)
        #expect((days[1]["timers"] as? [[String: Any]])?.first?["at"] as? String == "2026-11-12T16:30:00Z")
    }

    @Test func badDatesAreRefusedWithUsage() throws {
        let lab = try Lab(config: Self.config)
        let result = try lab.run("calendar", "--from", "2026-02-30")
        #expect(result.status == 64)
        #expect(result.err.contains("February 2026 has 28 days"), "\(result.err)")
        #expect(try lab.run("calendar", "--week", "--month").status == 64)
    }
}
