import Foundation
import Policies
import SessionEngine
import SessionStore
import Simulation
import StationConfig
import StationDaemon
import Testing

@Suite struct BundledPoliciesInSimulationTests {
    @Test func lockIdleActiveLocksAtTheExpectedVirtualMinute() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                policy "lock-idle-active" { after = "15m" }
                """)
        let report = try lab.run(
            """
            at("08:00", sign_in("bob", "LAB-1/3"))
            at("08:05", sign_in("alice", "LAB-1/1"))
            at("09:30", idle("bob@LAB-1"))
            """, until: "12:00")
        let locks = report.events(.locked)
        #expect(locks.count == 1)
        let lock = try #require(locks.first)
        #expect(lock.user == "bob")
        #expect(lock.actor.rawValue == "policy:lock-idle-active")
        #expect(lock.at == SimulationLab.at("09:45"))
        #expect(lock.station?.description == "LAB-1/3")
        // alice is never marked idle: she is active at every moment and never locked.
        #expect(!report.events.contains { $0.user == "alice" && $0.name == .locked })
        #expect(report.policyErrors.isEmpty)
        #expect(report.refusals.isEmpty)
    }

    @Test func endIdleSuspendedEndsASessionTwoHoursAfterItWasSuspended() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                policy "end-idle-suspended" { after = "2h" }
                """)
        let report = try lab.run(
            """
            at("08:00", sign_in("carol", "LAB-1/4"))
            at("10:00", disconnect("carol@LAB-1"))
            """, until: "14:00")
        let suspended = try #require(report.events(.suspended).first)
        #expect(suspended.at == SimulationLab.at("10:00"))
        let ended = report.events(.ended, actor: "policy:end-idle-suspended")
        #expect(ended.count == 1)
        let end = try #require(ended.first)
        #expect(end.user == "carol")
        #expect(end.from?.text == "suspended")
        // Suspended at 10:00 with after = "2h": the minute timer ends it at 12:00 on the dot.
        #expect(end.at == SimulationLab.at("12:00"))
        // The user is told first.
        let message = try #require(report.events(.messageSent, actor: "policy:end-idle-suspended").first)
        #expect(message.at == end.at)
        #expect((message.seq ?? 0) < (end.seq ?? 0))
        #expect(report.policyErrors.isEmpty)
    }

    @Test func aScheduledShutdownIsCarriedOutAtTheDeadlineAndSuspendedWorkIsLost() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                computer "LAB-2" { stations = 2 }
                policy "warn-before-shutdown" { again_at = { "5m", "1m" } }
                """)
        let report = try lab.run(
            """
            at("08:00", sign_in("alice", "LAB-1/1"))
            at("08:01", sign_in("bob", "LAB-1/2"))
            at("08:02", sign_in("erin", "LAB-2/1"))
            at("15:00", disconnect("bob@LAB-1"))
            at("16:00", shutdown("LAB-1", { delay = "15m", message = "Maintenance." }))
            """, until: "18:00")
        let scheduled = try #require(report.events(.shutdownScheduled).first)
        #expect(scheduled.at == SimulationLab.at("16:00"))
        #expect(scheduled.actor == .admin(nil), "a scenario's admin is no one in particular")
        #expect(scheduled.computer == "LAB-1")

        let shutdown = try #require(report.events(.computerShutdown).first)
        #expect(report.events(.computerShutdown).count == 1)
        #expect(shutdown.computer == "LAB-1")
        #expect(shutdown.actor == .system)
        #expect(shutdown.at == SimulationLab.at("16:15"))
        #expect(shutdown.detail?.text.contains("1 of them suspended") == true)

        let ended = report.events(.ended).filter { $0.detail?.text == "shutdown" }
        #expect(Set(ended.compactMap(\.user)) == ["alice", "bob"])
        #expect(ended.allSatisfy { $0.actor == .system && $0.at == SimulationLab.at("16:15") })
        // Work lost: the suspended sessions still alive at the deadline.
        let lost = ended.filter { $0.from?.text == "suspended" }
        #expect(lost.map(\.user) == ["bob"])
        // LAB-2 was not touched.
        #expect(!report.events.contains { $0.user == "erin" && $0.name == .ended })
        // The warnings went out at schedule time and 5 and 1 minutes before.
        let warnings = report.events(.messageSent, actor: "policy:warn-before-shutdown")
        #expect(Set(warnings.map(\.at)) == [SimulationLab.at("16:00"), SimulationLab.at("16:10"), SimulationLab.at("16:14")])
        #expect(report.policyErrors.isEmpty)
    }
}

@Suite struct ScenarioStepTests {
    @Test func aRefusedStepIsReportedWithItsLocationAndTheRestGoesOn() throws {
        let lab = try SimulationLab(config: #"computer "LAB-1" { stations = 4 }"#)
        let report = try lab.run(
            """
            at("08:00", sign_in("alice", "LAB-1/1"))
            at("08:01", sign_in("bob", "LAB-1/1"))
            at("08:02", sign_in("bob", "LAB-1/2"))
            at("09:00", sign_out("alice@LAB-1"))
            """, until: "12:00")
        #expect(report.refusals.count == 1)
        let refusal = try #require(report.refusals.first)
        #expect(refusal.location == "\(lab.scenarioPath()):2")
        #expect(refusal.at == SimulationLab.at("08:01"))
        #expect(refusal.message.contains("LAB-1/1"))
        #expect(refusal.message.contains("taken"))
        // The steps after it ran.
        #expect(report.events(.signedIn).map(\.user) == ["alice", "bob"])
        #expect(report.events(.signedIn).last?.station?.description == "LAB-1/2")
        #expect(report.events(.ended).map(\.user) == ["alice"])
    }

    static let badScenarios: [(source: String, line: Int, says: String)] = [
        ("at(\"08:00\", sign_in(\"alice\", \"LAB-1/1\"))\nat(\"25:00\", sign_in(\"bob\", \"LAB-1/2\"))\n", 2, "time of day"),
        ("\n\nat(\"08:00\", sign_in(\"alice\", \"LAB-1\"))\n", 3, "not a station"),
        ("at(\"08:00\", sign_in(\"alice\", \"LAB-1/1\"))\nat(\"09:00\", frobnicate(\"alice@LAB-1\"))\n", 2, "frobnicate"),
        ("at(\"08:00\", \"sign in alice\")\n", 1, "expects a step"),
        ("at(\"08:00\", { \"alice\" })\n", 1, "not a step"),
        ("\nat(\"08:00\", shutdown(\"LAB-1\", { delay = \"soon\" }))\n", 2, "not a duration"),
        ("\nat(\"08:00\", shutdown(\"LAB-1\", { dealy = \"5m\" }))\n", 2, "unknown option"),
        ("at(\"08:00\", lock(\"alice\"))\n", 1, "not a session"),
    ]

    @Test(arguments: 0..<badScenarios.count)
    func scenarioErrorsAreConfigErrorsWithFileAndLine(_ index: Int) throws {
        let bad = Self.badScenarios[index]
        let lab = try SimulationLab(config: #"computer "LAB-1" { stations = 4 }"#)
        let path = lab.scenarioPath("bad.lua")
        try Data(bad.source.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try Scenario.load(path: path)
            Issue.record("scenario \(index) loaded without an error")
        } catch {
            #expect(error.location?.line == bad.line, "\(error)")
            #expect(error.description.hasPrefix("\(path):\(bad.line):"), "\(error)")
            #expect(error.description.contains(bad.says), "\(error)")
        }
    }

    @Test func stepsBeforeTheStartAreNotReplayed() throws {
        let lab = try SimulationLab(config: #"computer "LAB-1" { stations = 4 }"#)
        let report = try lab.run(
            """
            at("07:30", sign_in("early", "LAB-1/1"))
            at("08:00", sign_in("onTime", "LAB-1/2"))
            at("09:00", sign_in("late", "LAB-1/3"))
            at("09:30", sign_out("early@LAB-1"))
            """, from: "08:00", until: "12:00")
        #expect(report.events(.signedIn).map(\.user) == ["onTime", "late"])
        #expect(report.events.allSatisfy { $0.at >= SimulationLab.at("08:00") })
        // early never signed in, so signing them out is refused, not replayed.
        #expect(report.refusals.count == 1)
        #expect(report.refusals.first?.location == "\(lab.scenarioPath()):4")
    }

    @Test func stepsOnLaterDaysAndListsOfStepsRun() throws {
        let lab = try SimulationLab(config: #"computer "LAB-1" { stations = 4 }"#)
        let report = try lab.run(
            """
            at("08:00", { sign_in("alice", "LAB-1/1"), sign_in("bob", "LAB-1/2") })
            at("17:00", { sign_out("alice@LAB-1"), disconnect("bob@LAB-1") })
            at("+1d 08:00", sign_in("bob", "LAB-1/4"))
            """, until: "+1d 12:00")
        #expect(report.events(.signedIn).map(\.user) == ["alice", "bob"])
        let reconnect = try #require(report.events(.reconnected).first)
        #expect(reconnect.at == SimulationLab.at("+1d 08:00"))
        #expect(reconnect.station?.description == "LAB-1/4")
        #expect(report.refusals.isEmpty)
    }
}

@Suite struct LiveStoreTests {
    /// A live store on disk with alice active since 08:00 and bob suspended since 08:10.
    static func liveStore(in lab: SimulationLab) throws -> SessionStore {
        let live = try SessionStore(path: lab.folder.appendingPathComponent("state.db").path)
        try live.syncLayout(lab.config.layout)
        try live.perform(.signIn(user: "alice", station: StationID(parsing: "LAB-1/1")), actor: .user, at: SimulationLab.at("08:00"))
        try live.perform(.signIn(user: "bob", station: StationID(parsing: "LAB-1/2")), actor: .user, at: SimulationLab.at("08:05"))
        try live.perform(.disconnect(SessionRef(parsing: "bob@LAB-1")), actor: .user, at: SimulationLab.at("08:10"))
        return live
    }

    @Test func startingFromALiveStoreCopiesItsSessionsAndNeverWritesIt() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                policy "end-idle-suspended" { after = "2h" }
                """)
        let live = try Self.liveStore(in: lab)
        let journalBefore = try live.journalCount()
        let sessionsBefore = try live.sessions()
        let scenario = try lab.scenario(
            """
            at("09:00", sign_out("alice@LAB-1"))
            at("09:05", sign_in("carol", "LAB-1/2"))
            """)
        let report = try lab.simulation(scenario, from: "08:30", until: "12:00", startingFrom: live).run()

        #expect(report.refusals.isEmpty)
        // The copied sessions are there: alice can sign out, bob's suspension counts from 08:10.
        #expect(report.events(.ended).contains { $0.user == "alice" && $0.detail?.text == "sign_out" })
        let bobEnded = try #require(report.events(.ended, actor: "policy:end-idle-suspended").first)
        #expect(bobEnded.user == "bob")
        #expect(bobEnded.at == SimulationLab.at("10:10"))
        // Events copied from the live store are not in the report.
        #expect(report.events.allSatisfy { $0.at >= SimulationLab.at("08:30") })
        // Session numbers continue after the live store's.
        #expect(report.events(.signedIn).first?.session == 3)

        // The live store is unchanged.
        #expect(try live.journalCount() == journalBefore)
        #expect(try live.sessions() == sessionsBefore)
    }

    /// Known bug: the copied store keeps the live daemon's timer schedule, so when the live daemon's
    /// timers are due later than the simulation's start, no policy timer runs until then.
    @Test func policyTimersFollowTheVirtualClockNotTheLiveDaemonsSchedule() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                policy "lock-idle-active" { after = "15m" }
                """)
        let live = try SessionStore(path: lab.folder.appendingPathComponent("state.db").path)
        try live.syncLayout(lab.config.layout)
        try live.perform(.signIn(user: "alice", station: StationID(parsing: "LAB-1/1")), actor: .user, at: SimulationLab.at("08:00"))
        // The live daemon ran at 11:00: its timers are next due at 11:01.
        let host = try PolicySet.over(
            live, config: lab.config, clock: ManualClock(SimulationLab.at("11:00")),
            library: lab.library, calendar: SimulationLab.utc
        ).startAfresh()
        try Daemon(store: live, policies: host).runOnce()
        host.close()

        let scenario = try lab.scenario(#"at("08:01", idle("alice@LAB-1"))"#)
        let report = try lab.simulation(scenario, from: "08:01", until: "12:00", startingFrom: live).run()
        let lock = try #require(report.events(.locked).first)
        #expect(lock.at == SimulationLab.at("08:16"), "locked at \(lock.at), not 15 minutes after alice went idle")
    }
}

@Suite struct SimulationFaithfulnessTests {
    /// Known bug: a user marked idle at a step keeps the last activity of the moment before it,
    /// which may be much earlier when no policy timer runs in between (here the previous moment is
    /// the 08:00 sign-in, so at 09:00 alice looks idle for 60 minutes instead of 10).
    @Test func aUserMarkedIdleWasActiveUntilThatStep() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                policy "hourly-lock" {}
                """,
            policies: [
                "hourly-lock": """
                every("1h", function()
                  for _, s in ipairs(sessions{ state = "active", idle_longer_than = "30m" }) do s:lock("idle 30m") end
                end)
                """
            ])
        let report = try lab.run(
            """
            at("08:00", sign_in("alice", "LAB-1/1"))
            at("08:50", idle("alice@LAB-1"))
            """, until: "11:00")
        #expect(report.policyErrors.isEmpty)
        let lock = try #require(report.events(.locked).first)
        #expect(lock.at == SimulationLab.at("10:00"), "locked at \(lock.at): alice was idle only since 08:50")
    }

    /// Known bug: plugins with the `exec` grant really run their program during a simulation
    /// (with notify-exec's default, wall(1) would broadcast simulated messages to real terminals).
    @Test func pluginProgramsDoNotRunInASimulation() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("simulation-exec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 4 }
                plugin "notify-exec" { allow = { "exec" }, program = "/usr/bin/touch", args = { "\(marker.path)" } }
                """)
        let report = try lab.run(
            """
            at("08:00", sign_in("alice", "LAB-1/1"))
            at("08:05", message("alice@LAB-1", "Hello"))
            """, until: "09:00")
        #expect(report.events(.messageSent).count == 1)
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the simulation ran /usr/bin/touch for real")
    }

    @Test func aFullDayWithFortyStationsAndTheFourBundledPoliciesCompletes() throws {
        let lab = try SimulationLab(
            config: """
                computer "LAB-1" { stations = 20 }
                computer "LAB-2" { stations = 20 }
                policy "lock-idle-active"     { after = "15m" }
                policy "end-idle-suspended"   { after = "2h" }
                policy "warn-before-shutdown" { again_at = { "5m", "1m" } }
                policy "nightly-shutdown"     { at = "17:30", warn = "15m" }
                """)
        var lines: [String] = []
        for index in 0..<40 {
            let computer = index < 20 ? "LAB-1" : "LAB-2"
            let station = index % 20 + 1
            let user = "pupil\(index)"
            let session = "\(user)@\(computer)"
            let minute = index < 10 ? "0\(index)" : "\(index)"
            lines.append("at(\"08:\(minute)\", sign_in(\"\(user)\", \"\(computer)/\(station)\"))")
            switch index % 4 {
            case 0:
                lines.append("at(\"09:30\", idle(\"\(session)\"))")
                lines.append("at(\"10:30\", { unlock(\"\(session)\"), busy(\"\(session)\") })")
            case 1:
                lines.append("at(\"10:00\", disconnect(\"\(session)\"))")
            case 2:
                lines.append("at(\"11:30\", disconnect(\"\(session)\"))")
                lines.append("at(\"13:00\", sign_in(\"\(user)\", \"\(computer)/\(station)\"))")
                lines.append("at(\"15:00\", sign_out(\"\(session)\"))")
            default:
                lines.append("at(\"12:00\", activity(\"\(session)\"))")
            }
        }
        let report = try lab.run(lines.joined(separator: "\n"), until: "+1d 00:00")
        #expect(report.refusals.isEmpty, "\(report.refusals.map(\.message))")
        #expect(report.policyErrors.isEmpty, "\(report.policyErrors.map { $0.detail?.text ?? "" })")
        #expect(report.events(.signedIn).count == 40)
        #expect(report.events(.locked, actor: "policy:lock-idle-active").count == 10)
        #expect(report.events(.ended, actor: "policy:end-idle-suspended").count == 10)
        #expect(report.events(.shutdownScheduled, actor: "policy:nightly-shutdown").count == 2)
        #expect(report.events(.computerShutdown).count == 2)
        #expect(report.events(.computerShutdown).allSatisfy { $0.actor == .system && $0.at == SimulationLab.at("17:45") })
    }
}
