import Foundation
import SessionEngine
import Simulation
import Testing

/// A school week in Paris with a holiday and the clocks going forward (issue 14): the simulation's
/// timeline is what a school expects.
@Suite struct CalendarWeekTests {
    /// Monday 2026-03-23 to Monday 2026-03-30: Wednesday is a holiday, and on Sunday 29 March the
    /// clocks go from 02:00 to 03:00 in Europe/Paris.
    static let config = """
        computer "LAB-1" { stations = 2 }
        calendar {
          timezone = "Europe/Paris",
          periods  = { P1 = "08:30-09:25", P5 = "13:30-14:25" },
          terms    = { spring = "2026-02-23..2026-04-03" },
          holidays = { strike = "2026-03-25" },
        }
        policy "nightly-shutdown" { at = "17:30", warn = "15m" }
        policy "bell" {}
        """

    static let bell = """
        at_period("P5", "end", function()
          log.warn("P5 over: " .. calendar.today().kind .. " at " .. os.date("!%H:%M", now()))
        end)
        at("02:30", function()
          log.warn("night check " .. calendar.today().date .. " at " .. os.date("!%H:%MZ", now()))
        end, { days = "daily" })
        """

    @Test func aWeekWithAHolidayAndTheClocksGoingForward() throws {
        let lab = try SimulationLab(config: Self.config, policies: ["bell": Self.bell])
        let paris = TimeZone(identifier: "Europe/Paris") ?? .current
        let start = try #require(ISO8601DateFormatter().date(from: "2026-03-23T06:00:00Z"))
        let end = try #require(ISO8601DateFormatter().date(from: "2026-03-30T06:00:00Z"))
        // The lab is switched on every morning (a start of a running computer is refused, harmlessly).
        let scenario = try lab.scenario(
            (["at(\"08:00\", sign_in(\"alice\", \"LAB-1/1\"))"] + (1...6).map { "at(\"+\($0)d 07:30\", start(\"LAB-1\"))" })
                .joined(separator: "\n"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        let report = try Simulation(
            config: lab.config, scenario: scenario, window: .init(from: start, until: end), calendar: calendar,
            library: lab.library
        ).run()
        #expect(report.policyErrors.isEmpty, "\(report.policyErrors.map { $0.detail?.text ?? "" })")

        // nightly-shutdown schedules on the school days only: not Wednesday's holiday, not the weekend.
        let local = DateFormatter()
        local.timeZone = paris
        local.dateFormat = "EEE HH:mm"
        local.locale = Locale(identifier: "en_US_POSIX")
        let scheduled = report.events(.shutdownScheduled, actor: "policy:nightly-shutdown").map { local.string(from: $0.at) }
        #expect(scheduled == ["Mon 17:30", "Tue 17:30", "Thu 17:30", "Fri 17:30"])

        // The period timer runs at 14:25 local on the four school days.
        let periods = report.logs.filter { $0.contains("P5 over") }
        #expect(periods.count == 4)
        #expect(periods.allSatisfy { $0.contains("school_day at 13:25") }, "\(periods)")  // 14:25 CET

        // 02:30 does not exist on Sunday 29 March: that night's check runs once, at 03:00 CEST.
        let nights = report.logs.filter { $0.contains("night check") }
        #expect(nights.count == 7, "\(nights)")
        #expect(nights.filter { $0.contains("2026-03-29") }.count == 1)
        let night = try #require(nights.first { $0.contains("2026-03-29") })
        #expect(night.hasSuffix("at 01:00Z"), "\(night)")  // 03:00 CEST
        #expect(nights.first { $0.contains("2026-03-28") }?.hasSuffix("at 01:30Z") == true)  // 02:30 CET
        #expect(nights.first { $0.contains("2026-03-30") }?.hasSuffix("at 00:30Z") == true)  // 02:30 CEST
    }
}
