import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import StoreTestSupport
import Testing

/// The repository's root, where `policies/` holds the bundled policies.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// 2026-03-02T08:00:00Z, a Monday.
private let mondayEight = Date(timeIntervalSince1970: 1_772_438_400)

/// An in-memory lab (LAB-1 with 4 stations, LAB-2 with front and back) running the bundled
/// policies the config lines enable, from `policies/` in the repository, on a manual clock and
/// a UTC calendar.
private final class BundledLab {
    let store: SessionStore
    let clock: ManualClock
    let host: PolicySet
    let daemon: Daemon

    init(_ policyLines: String, at start: Date = mondayEight) throws {
        let config = try StationConfig.parse(
            """
            computer "LAB-1" { stations = 4 }
            computer "LAB-2" { stations = { "front", "back" } }
            \(policyLines)
            """, path: "/nonexistent/stationkeeper.lua")
        store = try TestStores.fresh()
        try store.syncLayout(config.layout)
        clock = ManualClock(start)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        host = try PolicySet.over(
            store, config: config, clock: clock,
            library: PolicyLibrary(roots: [repositoryRoot]), calendar: utc
        ).startAfresh()
        daemon = Daemon(store: store, policies: host)
    }

    deinit { host.close() }

    @discardableResult
    func act(_ command: Command, as actor: Actor = .user) throws -> Outcome {
        try store.perform(command, actor: actor, at: clock.now)
    }

    func signIn(_ user: String, _ station: String) throws {
        try act(.signIn(user: user, station: StationID(parsing: station)))
    }

    func disconnect(_ user: String, _ computer: String = "LAB-1") throws {
        try act(.disconnect(.user(user, computer: computer)))
    }

    /// Moves the clock on, then does what `serve --once` does.
    @discardableResult
    func run(after text: String = "0s") throws -> Daemon.Pass {
        clock.advance(by: TimeInterval(try Durations.seconds(text)))
        return try daemon.runOnce()
    }

    /// Runs the daemon every `step` until `total` has passed, as a serving daemon would.
    func serve(for total: String, step: String = "30s") throws {
        let end = clock.now + TimeInterval(try Durations.seconds(total))
        let stepSeconds = TimeInterval(try Durations.seconds(step))
        while clock.now < end {
            clock.advance(by: min(stepSeconds, end.timeIntervalSince(clock.now)))
            try daemon.runOnce()
        }
    }

    func events(_ name: EventName? = nil) throws -> [Event] {
        try store.journal().filter { name == nil || $0.name == name }
    }

    func messages(to user: String) throws -> [Event] {
        try events(.messageSent).filter { $0.user == user }
    }

    func live(_ user: String, _ computer: String = "LAB-1") throws -> Session? {
        try store.sessions(SessionFilter(computer: computer, user: user)).first
    }

    func policyErrors() throws -> [String] {
        try events(.policyError).map { "\($0.reason ?? ""): \($0.detail?.text ?? "")" }
    }
}

// MARK: - end-idle-suspended

@Suite struct EndIdleSuspendedTests {
    @Test func endsASessionSuspendedLongerThanTwoHoursAfterMessagingItsUser() throws {
        let lab = try BundledLab(#"policy "end-idle-suspended" {}"#)
        try lab.signIn("alice", "LAB-1/1")
        try lab.disconnect("alice")  // suspended at 08:00
        lab.clock.advance(by: 120)
        try lab.signIn("bob", "LAB-1/2")
        try lab.disconnect("bob")  // suspended at 08:02
        try lab.run(after: "1h59m")  // 10:01: alice 2h01m, bob 1h59m

        #expect(try lab.live("alice") == nil)
        #expect(try lab.live("bob")?.state == .suspended)
        let ended = try lab.events(.ended).filter { $0.user == "alice" }
        #expect(ended.count == 1)
        #expect(ended.first?.actor == .policy("end-idle-suspended"))
        #expect(ended.first?.reason == "suspended longer than 2h")
        #expect(ended.first?.detail?.text == "end")
        let messages = try lab.messages(to: "alice")
        #expect(messages.count == 1)
        #expect(messages.first?.actor == .policy("end-idle-suspended"))
        #expect(messages.first?.detail?.text.contains("ended") == true)
        if let message = messages.first?.seq, let end = ended.first?.seq {
            #expect(message < end, "the user is told before the session ends")
        }
        #expect(try lab.messages(to: "bob").isEmpty)

        try lab.run(after: "2m")  // 10:03: bob too
        #expect(try lab.live("bob") == nil)
        #expect(try lab.messages(to: "alice").count == 1, "nobody is told twice")
        #expect(try lab.policyErrors().isEmpty)
    }

    @Test func leavesActiveAndLockedSessionsAlone() throws {
        let lab = try BundledLab(#"policy "end-idle-suspended" {}"#)
        try lab.signIn("alice", "LAB-1/1")
        try lab.signIn("bob", "LAB-1/2")
        try lab.act(.lock(.user("bob", computer: "LAB-1")))
        try lab.run(after: "5h")
        #expect(try lab.live("alice")?.state == .active)
        #expect(try lab.live("bob")?.state == .locked)
        #expect(try lab.events(.messageSent).isEmpty)
    }

    @Test func usesTheConfiguredLimitAndMessage() throws {
        let lab = try BundledLab(#"policy "end-idle-suspended" { after = "30m", message = "Closed after 30 minutes away." }"#)
        try lab.signIn("alice", "LAB-2/front")
        try lab.disconnect("alice", "LAB-2")
        try lab.run(after: "29m")
        #expect(try lab.live("alice", "LAB-2") != nil)
        try lab.run(after: "2m")
        #expect(try lab.live("alice", "LAB-2") == nil)
        #expect(try lab.messages(to: "alice").map(\.detail?.text) == ["Closed after 30 minutes away."])
        #expect(try lab.events(.ended).last?.reason == "suspended longer than 30m")
    }

    @Test func aProtectedUsersSessionIsNotEnded() throws {
        let lab = try BundledLab(
            """
            protect { users = { "teacher" } }
            policy "end-idle-suspended" {}
            """)
        try lab.signIn("teacher", "LAB-1/1")
        try lab.disconnect("teacher")
        try lab.run(after: "3h")
        #expect(try lab.live("teacher")?.state == .suspended)
    }
}

// MARK: - warn-before-shutdown

@Suite struct WarnBeforeShutdownTests {
    /// alice active and carol locked on LAB-1, bob suspended on LAB-1, dave active on LAB-2.
    private func populated(_ line: String = #"policy "warn-before-shutdown" {}"#) throws -> BundledLab {
        let lab = try BundledLab(line)
        try lab.signIn("alice", "LAB-1/1")
        try lab.signIn("bob", "LAB-1/2")
        try lab.disconnect("bob")
        try lab.signIn("carol", "LAB-1/3")
        try lab.act(.lock(.user("carol", computer: "LAB-1")))
        try lab.signIn("dave", "LAB-2/front")
        try lab.run()
        return lab
    }

    private func schedule(
        _ lab: BundledLab, _ computer: String = "LAB-1", in text: String,
        restart: Bool = false, message: String? = nil
    ) throws {
        let at = lab.clock.now + TimeInterval(try Durations.seconds(text))
        try lab.act(.schedule(computer: computer, ScheduledShutdown(at: at, restart: restart, message: message)), as: .admin(nil))
    }

    @Test func warnsEveryLiveSessionOfTheComputerWhenTheShutdownIsScheduled() throws {
        let lab = try populated()
        try schedule(lab, in: "15m", message: "Nightly maintenance.")
        try lab.run()

        for user in ["alice", "bob", "carol"] {
            let messages = try lab.messages(to: user)
            #expect(messages.count == (user == "bob" ? 2 : 1), "\(user) is warned once at schedule time (bob, suspended, told twice)")
            #expect(messages.first?.actor == .policy("warn-before-shutdown"))
            #expect(messages.first?.detail?.text.contains("LAB-1 shuts down at") == true)
            #expect(messages.first?.detail?.text.contains("in 15 minutes") == true)
            #expect(messages.first?.detail?.text.contains("Nightly maintenance.") == true)
        }
        #expect(try lab.messages(to: "dave").isEmpty, "LAB-2 is not going down")
        #expect(try lab.messages(to: "bob").last?.detail?.text.contains("unsaved work will be lost") == true)
        #expect(try lab.messages(to: "alice").first?.detail?.text.contains("unsaved work will be lost") == false)
        #expect(try lab.messages(to: "carol").first?.detail?.text.contains("unsaved work will be lost") == false)
    }

    @Test func warnsAgainFiveMinutesAndOneMinuteBeforeAndNeverTwice() throws {
        let lab = try populated()
        let start = lab.clock.now
        try schedule(lab, in: "15m")
        try lab.run()
        try lab.serve(for: "16m", step: "30s")  // past the deadline: the daemon shuts LAB-1 down

        for user in ["alice", "bob", "carol"] {
            let messages = try lab.messages(to: user).filter { $0.detail?.text.contains("LAB-1 shuts down at") == true }
            #expect(
                messages.map(\.at) == [start, start + 600, start + 840],
                "\(user): at schedule time, then at 5m and 1m before")
            #expect(messages.count == Set(messages.compactMap(\.detail?.text)).count, "no text is sent twice")
        }
        // bob's session is suspended: each warning comes with the note that his unsaved work will be lost.
        let notes = try lab.messages(to: "bob").filter { $0.detail?.text.contains("unsaved work will be lost") == true }
        #expect(notes.map(\.at) == [start, start + 600, start + 840])
        #expect(try lab.messages(to: "alice").dropFirst().first?.detail?.text.contains("in 5 minutes") == true)
        #expect(try lab.messages(to: "alice").last?.detail?.text.contains("in 1 minute") == true)
        #expect(try lab.messages(to: "dave").isEmpty)
        #expect(try lab.store.computers().first { $0.computer.name == "LAB-1" }?.computer.power == .off)
        #expect(try lab.policyErrors().isEmpty)
    }

    @Test func aShortDelaySkipsTheLeadTimesAlreadyPassed() throws {
        let lab = try populated()
        let start = lab.clock.now
        try schedule(lab, in: "3m")
        try lab.run()
        try lab.serve(for: "4m", step: "30s")
        // At schedule time (3 minutes left, so no separate 5m warning), then 1 minute before.
        #expect(try lab.messages(to: "alice").map(\.at) == [start, start + 120])
    }

    @Test func theConfiguredLeadTimesAreUsed() throws {
        let lab = try populated(#"policy "warn-before-shutdown" { again_at = { "10m" } }"#)
        let start = lab.clock.now
        try schedule(lab, in: "30m")
        try lab.run()
        try lab.serve(for: "31m", step: "1m")
        #expect(try lab.messages(to: "alice").map(\.at) == [start, start + 1200])
    }

    @Test func aCancelledShutdownIsAnnounced() throws {
        let lab = try populated()
        try schedule(lab, in: "15m")
        try lab.run()
        try lab.run(after: "2m")
        try lab.act(.cancelShutdown(computer: "LAB-1"), as: .admin(nil))
        try lab.run()
        try lab.serve(for: "15m", step: "1m")  // no lead-time warning for a cancelled shutdown

        let alice = try lab.messages(to: "alice")
        #expect(alice.count == 2)
        #expect(alice.last?.detail?.text.contains("cancelled") == true)
        #expect(try lab.messages(to: "bob").last?.detail?.text.contains("cancelled") == true)
        #expect(try lab.messages(to: "dave").isEmpty)
        #expect(try lab.live("alice")?.state == .active)
    }

    @Test func aRestartIsCalledARestart() throws {
        let lab = try populated()
        try schedule(lab, "LAB-2", in: "10m", restart: true)
        try lab.run()
        #expect(try lab.messages(to: "dave").first?.detail?.text.contains("LAB-2 restarts at") == true)
        #expect(try lab.messages(to: "alice").isEmpty)
    }

    @Test func aRescheduledShutdownIsAnnouncedWithItsNewTime() throws {
        let lab = try populated()
        let start = lab.clock.now
        try schedule(lab, in: "15m")
        try lab.run()
        try lab.run(after: "1m")
        try schedule(lab, in: "30m")  // postponed: now due at start + 31m
        try lab.run()
        try lab.serve(for: "31m", step: "30s")
        #expect(try lab.messages(to: "alice").map(\.at) == [start, start + 60, start + 1560, start + 1800])
    }
}

// MARK: - lock-idle-active

@Suite struct LockIdleActiveTests {
    @Test func locksOnlyTheActiveSessionsIdleLongerThanFifteenMinutes() throws {
        let lab = try BundledLab(#"policy "lock-idle-active" {}"#)
        try lab.signIn("alice", "LAB-1/1")  // idle from 08:00
        try lab.signIn("bob", "LAB-1/2")
        try lab.signIn("carol", "LAB-1/3")
        try lab.disconnect("carol")  // suspended: not a station to lock
        try lab.run(after: "10m")
        try lab.act(.activity(.user("bob", computer: "LAB-1")))  // bob works at 08:10
        try lab.run(after: "6m")  // 08:16: alice idle 16m, bob 6m

        #expect(try lab.live("alice")?.state == .locked)
        #expect(try lab.live("bob")?.state == .active)
        #expect(try lab.live("carol")?.state == .suspended)
        let locked = try lab.events(.locked)
        #expect(locked.map(\.user) == ["alice"])
        #expect(locked.first?.actor == .policy("lock-idle-active"))
        #expect(locked.first?.reason == "idle longer than 15m")
        #expect(try lab.store.stations(computer: "LAB-1").first { $0.station.id.name == "1" }?.status == .locked)

        try lab.run(after: "14m")  // 08:30: bob idle 20m; alice stays locked, once
        #expect(try lab.live("bob")?.state == .locked)
        #expect(try lab.events(.locked).map(\.user) == ["alice", "bob"])
        #expect(try lab.policyErrors().isEmpty)
    }

    @Test func theLimitIsASetting() throws {
        let lab = try BundledLab(#"policy "lock-idle-active" { after = "5m" }"#)
        try lab.signIn("alice", "LAB-1/1")
        try lab.run(after: "4m")
        #expect(try lab.live("alice")?.state == .active)
        try lab.run(after: "2m")
        #expect(try lab.live("alice")?.state == .locked)
        #expect(try lab.events(.locked).first?.reason == "idle longer than 5m")
    }
}

// MARK: - nightly-shutdown

@Suite struct NightlyShutdownTests {
    private func scheduled(_ lab: BundledLab) throws -> [String: ComputerInfo] {
        Dictionary(uniqueKeysWithValues: try lab.store.computers().map { ($0.computer.name, $0) })
    }

    @Test func schedulesEveryRunningComputerAtTwentyTwoWithFifteenMinutesWarning() throws {
        let lab = try BundledLab(#"policy "nightly-shutdown" {}"#)
        try lab.signIn("alice", "LAB-1/1")
        try lab.run(after: "13h59m")  // 21:59 Monday
        #expect(try lab.events(.shutdownScheduled).isEmpty)
        try lab.run(after: "1m")  // 22:00
        let ten = mondayEight + 14 * 3600
        let computers = try scheduled(lab)
        #expect(computers["LAB-1"]?.computer.shutdownAt == ten + 900)
        #expect(computers["LAB-2"]?.computer.shutdownAt == ten + 900)
        #expect(computers["LAB-1"]?.computer.scheduled?.restart == false)
        let events = try lab.events(.shutdownScheduled)
        #expect(events.map(\.computer) == ["LAB-1", "LAB-2"])
        #expect(events.allSatisfy { $0.actor == .policy("nightly-shutdown") })
        #expect(computers["LAB-1"]?.computer.scheduled?.message?.isEmpty == false)

        try lab.run(after: "15m")  // 22:15: carried out
        #expect(try scheduled(lab)["LAB-1"]?.computer.power == .off)
        #expect(try lab.live("alice") == nil)
        #expect(try lab.events(.ended).last?.detail?.text == "shutdown")
        #expect(try lab.policyErrors().isEmpty)
    }

    @Test func onlyOnWeekdaysByDefault() throws {
        let saturday = mondayEight + 5 * 86_400  // 2026-03-07 08:00, a Saturday
        let lab = try BundledLab(#"policy "nightly-shutdown" {}"#, at: saturday)
        try lab.run(after: "14h")  // Saturday 22:00
        try lab.run(after: "1h")
        try lab.run(after: "23h")  // Sunday 22:00
        try lab.run(after: "1h")
        #expect(try lab.events(.shutdownScheduled).isEmpty)
        try lab.run(after: "23h")  // Monday 22:00
        #expect(try lab.events(.shutdownScheduled).count == 2)
    }

    @Test func runsEveryWeekdayNight() throws {
        let lab = try BundledLab(#"policy "nightly-shutdown" {}"#)
        try lab.run(after: "14h")  // Monday 22:00
        for _ in 0..<7 {
            try lab.run(after: "1h")  // the shutdown (if any) is carried out
            _ = try? lab.act(.start(computer: "LAB-1"), as: .admin(nil))  // refused when still running
            _ = try? lab.act(.start(computer: "LAB-2"), as: .admin(nil))
            try lab.run(after: "23h")  // next day 22:00
        }
        // Monday to Friday, none on the weekend, Monday again: 6 nights, 2 computers each.
        let days = try lab.events(.shutdownScheduled).map { event -> Int in
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC") ?? .current
            return utc.component(.weekday, from: event.at)
        }
        #expect(days == [2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 2, 2])
    }

    @Test func chosenTimeDaysComputersAndRestart() throws {
        let lab = try BundledLab(
            #"""
            policy "nightly-shutdown" {
              at = "21:30", days = { "mon", "wed" }, warn = "10m", restart = true,
              computers = { "LAB-2" }, message = "Restart for updates."
            }
            """#)
        try lab.signIn("dave", "LAB-2/front")
        try lab.run(after: "13h30m")  // Monday 21:30
        let computers = try scheduled(lab)
        #expect(computers["LAB-1"]?.computer.shutdownAt == nil)
        #expect(computers["LAB-2"]?.computer.shutdownAt == mondayEight + 13.5 * 3600 + 600)
        #expect(computers["LAB-2"]?.computer.scheduled?.restart == true)
        #expect(computers["LAB-2"]?.computer.scheduled?.message == "Restart for updates.")
        try lab.run(after: "10m")
        #expect(try scheduled(lab)["LAB-2"]?.computer.power == .running, "restarted, not switched off")
        #expect(try lab.live("dave", "LAB-2") == nil)
        try lab.run(after: "24h")  // Tuesday 21:40: not a chosen day
        #expect(try lab.events(.shutdownScheduled).count == 1)
    }

    @Test func aWordForTheDaysWorks() throws {
        let saturday = mondayEight + 5 * 86_400
        let lab = try BundledLab(#"policy "nightly-shutdown" { days = { "weekends" } }"#, at: saturday)
        try lab.run(after: "14h")  // Saturday 22:00
        #expect(try lab.events(.shutdownScheduled).count == 2)
    }

    @Test func leavesOffComputersAndEarlierShutdownsAlone() throws {
        let lab = try BundledLab(#"policy "nightly-shutdown" {}"#)
        try lab.act(.shutdown(computer: "LAB-2"), as: .admin(nil))
        try lab.run(after: "13h55m")  // 21:55
        let earlier = lab.clock.now + 600  // an admin's shutdown at 22:05
        try lab.act(.schedule(computer: "LAB-1", ScheduledShutdown(at: earlier, restart: false)), as: .admin(nil))
        try lab.run(after: "5m")  // 22:00
        let computers = try scheduled(lab)
        #expect(computers["LAB-1"]?.computer.shutdownAt == earlier)
        #expect(computers["LAB-2"]?.computer.shutdownAt == nil)
        #expect(try lab.events(.shutdownScheduled).allSatisfy { $0.actor == .admin(nil) })
    }

    @Test func withWarnBeforeShutdownUsersAreWarnedAtTwentyTwo() throws {
        let lab = try BundledLab(
            """
            policy "nightly-shutdown" {}
            policy "warn-before-shutdown" {}
            """)
        try lab.signIn("alice", "LAB-1/1")
        try lab.signIn("bob", "LAB-1/2")
        try lab.disconnect("bob")
        try lab.run(after: "14h")  // 22:00
        let ten = mondayEight + 14 * 3600
        #expect(try lab.messages(to: "alice").map(\.at) == [ten])
        #expect(try lab.messages(to: "bob").last?.detail?.text.contains("unsaved work will be lost") == true)
        try lab.serve(for: "16m", step: "30s")
        #expect(try lab.messages(to: "alice").map(\.at) == [ten, ten + 600, ten + 840])
        #expect(try lab.live("alice") == nil)
        #expect(try lab.policyErrors().isEmpty)
    }
}

// MARK: - all four

@Suite struct BundledPolicyFilesTests {
    static let names = ["end-idle-suspended", "warn-before-shutdown", "lock-idle-active", "nightly-shutdown"]

    @Test(arguments: names) func loadsWithDefaultsAndRegistersSomething(name: String) throws {
        let config = try StationConfig.parse(
            "computer \"LAB-1\" { stations = 2 }\npolicy \"\(name)\" {}",
            path: "/nonexistent/stationkeeper.lua")
        let file = repositoryRoot.appendingPathComponent("policies/\(name).lua").path
        let runtime = try PolicySet.check(file: file, config: config)
        defer { runtime.close() }
        #expect(!runtime.timerDescriptions.isEmpty || !runtime.hookedEvents.isEmpty)
    }

    @Test func aMistypedSettingIsAConfigErrorAtThePolicyLine() throws {
        let config = try StationConfig.parse(
            """
            computer "LAB-1" { stations = 2 }
            policy "end-idle-suspended" { after = "two hours" }
            """, path: "/nonexistent/stationkeeper.lua")
        do {
            let host = try PolicySet.over(
                try TestStores.fresh(), config: config, clock: ManualClock(mondayEight),
                library: PolicyLibrary(roots: [repositoryRoot])
            ).startAfresh()
            host.close()
            Issue.record("a duration setting given \"two hours\" was accepted")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("stationkeeper.lua:2"), "\(text)")
            #expect(text.contains("'after'"), "\(text)")
        }
    }
}
