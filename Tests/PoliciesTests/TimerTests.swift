import Foundation
import Policies
import SessionEngine
import SessionStore
import StationDaemon
import Testing

@Suite struct TimerTests {
    /// Each run of the timer messages alice, so runs can be counted in the journal.
    static let counter = "every('5m', function() session('alice@LAB-1'):message('tick ' .. os.date('!%H:%M', now())) end)"

    @Test func everyIsAlignedToTheClockAndCatchesUpOnce() throws {
        let lab = try PolicyLab(config: "policy \"tick\" {}", policies: ["tick": Self.counter])
        try lab.signIn("alice", "LAB-1/1")
        try lab.advance("2m")  // 08:02
        try lab.load()
        #expect(try lab.runOnce().timers == 0)
        try lab.advance("3m")  // 08:05
        try lab.runOnce()
        try lab.advance("1h")  // 09:05: twelve runs missed, one made up
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["tick 08:05", "tick 09:05"])
    }

    @Test func theScheduleSurvivesARestartOfTheDaemon() throws {
        let lab = try PolicyLab(config: "policy \"tick\" {}", policies: ["tick": Self.counter])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()  // next run 08:05, saved in the store
        try lab.advance("7m")  // the daemon was down at 08:05
        try lab.load()  // restarted at 08:07
        try lab.runOnce()
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["tick 08:07"])
        #expect(try lab.store.timerSchedule()["tick/every 5m"] == lab.clock.now + 180)
    }

    /// A day-limited `every` timer's first run, when nothing is saved yet, is on the calendar's
    /// next school day (it was once computed without the calendar: about 400 days away).
    @Test func aSchoolDaysEveryTimerIsFirstScheduledOnTheNextSchoolDay() throws {
        let lab = try PolicyLab(
            config: """
                calendar { timezone = "UTC", terms = { "2026-03-01..2026-07-03" }, holidays = { "2026-03-03" } }
                policy "tick" {}
                """,
            policies: ["tick": "every('1h', function() end, { days = 'school_days' })"])
        lab.clock.set(Date(timeIntervalSince1970: 1_772_492_400))  // Monday 2026-03-02 23:00 UTC
        try lab.load()
        // Tuesday is a holiday: Wednesday's first hour.
        #expect(try lab.store.timerSchedule()["tick/every 1h"].map { $0.formatted(.iso8601) } == "2026-03-04T00:00:00Z")
    }

    @Test func atRunsOnChosenDaysAndMakesUpAMissedRunOnlyWithinGrace() throws {
        let lab = try PolicyLab(
            config: "policy \"bell\" {}",
            policies: [
                "bell": """
                at("09:00", function() session('alice@LAB-1'):message('bell ' .. os.date('!%a %H:%M', now())) end,
                   { days = { "mon", "wed" }, grace = "30m" })
                """
            ])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()  // Monday 08:00
        try lab.advance("1h10m")  // 09:10, within grace
        try lab.runOnce()
        try lab.advance("1d")  // Tuesday: not a chosen day
        try lab.runOnce()
        try lab.advance("1d1h")  // Wednesday 10:10: missed 09:00 by more than 30m
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["bell Mon 09:10"])
        #expect(try lab.store.timerSchedule()["bell/at 09:00"].map { $0.formatted(.iso8601) } == "2026-03-09T09:00:00Z")
    }

    @Test func afterRunsOnceAndAFailingTimerKeepsItsSchedule() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}",
            policies: [
                "p": """
                after("10m", function() session('alice@LAB-1'):message('once') end)
                every("1m", function() error("always fails") end)
                """
            ])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()
        for _ in 0..<3 {
            try lab.advance("10m")
            try lab.runOnce()
        }
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["once"])
        #expect(try lab.events(.policyError).count == 3)
        #expect(lab.host?.nextTimerDue == lab.clock.now + 60)
    }

    @Test func reloadUnhooksWhatTheOldVersionRegistered() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}", policies: ["p": "on('locked', function(e) session(e.session):message('old') end)"])
        try lab.signIn("alice", "LAB-1/1")
        let old = try lab.load()
        try lab.writePolicy("p", "on('locked', function(e) session(e.session):message('new') end)")
        try lab.load()
        #expect(old.runtimes.isEmpty)
        try lab.act(.lock(.user("alice", computer: "LAB-1")))
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["new"])
    }
}

@Suite struct FirstStartTests {
    @Test func aFirstStartAtExactlyAnAtTimersMinuteRunsIt() throws {
        // The lab's clock is Monday 08:00:00.
        let lab = try PolicyLab(
            config: "policy \"p\" {}", policies: ["p": "at('08:00', function() computer('LAB-1'):message_all('at 8') end)"])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load(resuming: true)
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["at 8"])
        try lab.advance("1m")
        try lab.load(resuming: true)
        try lab.runOnce()
        #expect(try lab.events(.messageSent).count == 1, "once a day")
    }
}
