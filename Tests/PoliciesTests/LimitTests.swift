import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import Testing

/// The limits of docs/policies.md, each reached on purpose (issue 9).
@Suite struct LimitTests {
    @Test func anEndlessMessageHandlerInAHookIsReportedAndTheOthersKeepServing() throws {
        let lab = try PolicyLab(
            config: "policy \"hostile\" {}\npolicy \"fine\" {}",
            policies: [
                "hostile": "on('signed_in', function() xpcall(function() while true do end end, function() while true do end end) end)",
                "fine": "on('signed_in', function(e) session(e.session):message('welcome') end)",
            ])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        #expect(try lab.events(.policyError).first?.detail?.text.contains("instruction budget exceeded") == true)
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["welcome"])
    }

    @Test func aDistrictCanGiveEachCallALargerBudget() throws {
        let spin = "on('signed_in', function(e) local n = 0 for i = 1, 2e6 do n = n + i end session(e.session):message('done') end)"
        let standard = try PolicyLab(config: "policy \"long\" {}", policies: ["long": spin])
        try standard.load()
        try standard.signIn("alice", "LAB-1/1")
        try standard.runOnce()
        #expect(try standard.events(.policyError).first?.detail?.text.contains("instruction budget exceeded") == true)

        let raised = try PolicyLab(
            config: "policy \"long\" {}\nlimit { policy_instructions_per_call = 20000000 }", policies: ["long": spin])
        try raised.load()
        try raised.signIn("alice", "LAB-1/1")
        try raised.runOnce()
        #expect(try raised.events(.policyError).isEmpty)
        #expect(try raised.events(.messageSent).map(\.detail?.text) == ["done"])
    }

    @Test func aPolicysHooksShareOneBudgetPerEvent() throws {
        let spin = "function() local n = 0 for i = 1, 5e5 do n = n + i end end"
        let lab = try PolicyLab(
            config: "policy \"busy\" {}",
            policies: ["busy": (1...5).map { _ in "on('signed_in', \(spin))" }.joined(separator: "\n")])
        var limits = PolicyLimits.standard
        limits.instructionsPerEvent = 4_000_000  // each hook runs about 1.5 M
        try lab.load(limits: limits)
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        let errors = try lab.events(.policyError).compactMap(\.detail?.text)
        #expect(errors.contains { $0.contains("per-event budget of 4000000 instructions; the rest were not run") }, "\(errors)")
    }

    @Test func aPolicysTimersShareOneBudgetPerTick() throws {
        let spin = "function() local n = 0 for i = 1, 5e5 do n = n + i end end"
        let lab = try PolicyLab(
            config: "policy \"busy\" {}",
            policies: ["busy": (1...5).map { _ in "every('1m', \(spin))" }.joined(separator: "\n")])
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        let errors = try lab.events(.policyError).compactMap(\.detail?.text)
        #expect(errors.contains { $0.contains("per-tick budget of 4000000 instructions") }, "\(errors)")
    }

    @Test func anAfterOfZeroIsRefused() throws {
        let lab = try PolicyLab(config: "policy \"p\" {}", policies: ["p": "after(0, function() end)"])
        #expect { try lab.load() } throws: { "\($0)".contains("p.lua:1: after: the delay must be longer than 0s") }
    }

    @Test func aStopRequestedBeforeACallStartsStopsItToo() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}", policies: ["p": "on('signed_in', function(e) session(e.session):message('ran') end)"])
        let policies = try lab.load()
        policies.watchdog.requestStop()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        #expect(try lab.events(.messageSent).isEmpty)
        #expect(try lab.events(.policyError).first?.detail?.text.contains("stopped") == true)
    }

    @Test func tooManyTimersOrHooksIsALoadError() throws {
        let timers = try PolicyLab(config: "policy \"many\" {}", policies: ["many": "for i = 1, 20000 do every('1m', function() end) end"])
        #expect { try timers.load() } throws: { "\($0)".contains("many.lua:1: too many timers: a policy may have at most 64") }
        let hooks = try PolicyLab(config: "policy \"many\" {}", policies: ["many": "for i = 1, 100 do on('locked', function() end) end"])
        #expect { try hooks.load() } throws: { "\($0)".contains("many.lua:1: too many hooks: a policy may register at most 64") }
    }

    @Test func aHugeMessageIsCutAndTheCutIsLogged() throws {
        let lab = try PolicyLab(
            config: "policy \"loud\" {}",
            policies: [
                "loud": "local s = 'x' for i = 1, 22 do s = s .. s end\non('signed_in', function(e) session(e.session):message(s) end)"
            ])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        let text = try lab.events(.messageSent).first?.detail?.text ?? ""
        let errors = try lab.events(.policyError).map(\.detail)
        #expect(text.utf8.count < 2200)
        #expect(text.hasSuffix("(message cut from 4194304 to 2048 bytes)"), "\(errors)")
    }

    @Test func logLinesAreCutAndRateLimited() throws {
        let lines = LockedLines()
        let lab = try PolicyLab(
            config: "policy \"chatty\" {}",
            policies: [
                "chatty": "local s = 'y' for i = 1, 12 do s = s .. s end\non('signed_in', function() for i = 1, 200 do log.info(s) end end)"
            ])
        lab.logHandler = lines
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        let written = lines.all.filter { $0.contains("chatty") }
        #expect(written.count == 60)
        #expect(written.allSatisfy { $0.utf8.count < 2300 && $0.contains("(log line cut from 4096 to 2048 bytes)") })
        try lab.advance("1m")
        try lab.signIn("bob", "LAB-1/2")
        try lab.runOnce()
        #expect(lines.all.contains { $0.contains("140 log line(s) dropped: at most 60 per minute") })
    }

    @Test func policiesTakeAtMost1000ActionsAMinuteUnlessTheConfigSays() throws {
        #expect(try StationConfig.parse("computer \"A\" { stations = 1 }", path: "/x.lua").policyActionsPerMinute == 1000)
        let lab = try PolicyLab(
            config: "policy \"spam\" {}",
            policies: ["spam": "on('signed_in', function(e) for i = 1, 1001 do session(e.session):message('hi ' .. i) end end)"])
        var limits = PolicyLimits.standard
        limits.watchdogSeconds = 120  // a thousand actions take longer than 2 s in a debug build
        try lab.load(limits: limits)
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        #expect(try lab.events(.messageSent).count == 1000)
        #expect(try lab.events(.policyError).first?.detail?.text.contains("policy_actions_per_minute = 1000") == true)
    }

    @Test func theWatchdogStopsACallThatRunsTooLong() throws {
        let lab = try PolicyLab(
            config: "policy \"slow\" {}\npolicy \"fine\" {}",
            policies: [
                "slow": "on('signed_in', function() while true do end end)",
                "fine": "on('signed_in', function(e) session(e.session):message('welcome') end)",
            ])
        var limits = PolicyLimits.standard
        limits.instructionsPerCall = 0  // unlimited: only the wall clock stops it
        limits.instructionsPerEvent = Int.max
        limits.watchdogSeconds = 0.3
        let policies = try lab.load(limits: limits)
        let stuck = LockedLines()
        policies.watchdog = Watchdog(limits: limits) { stuck.append("\($0.site)") }
        try lab.signIn("alice", "LAB-1/1")
        let started = Date()
        try lab.runOnce()
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(try lab.events(.policyError).first?.detail?.text.contains("stopped: the call ran longer than its time limit") == true)
        #expect(try lab.events(.messageSent).count == 1)
        #expect(stuck.all.isEmpty, "a call Lua can stop is not reported as stuck")
    }

    @Test func aCallStuckOutsideLuaIsHandedOverAndSkippedAfterARestart() throws {
        let world = SlowWorld()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stuck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try Data("on('signed_in', function() sessions{} end)\n".utf8).write(to: folder.appendingPathComponent("policies/p.lua"))
        let path = folder.appendingPathComponent("stationkeeper.lua").path
        try Data("computer \"LAB-1\" { stations = 2 }\npolicy \"p\" {}\n".utf8).write(to: URL(fileURLWithPath: path))
        var limits = PolicyLimits.standard
        limits.watchdogSeconds = 0.2
        limits.watchdogGraceSeconds = 0.2
        let policies = try PolicySet(
            config: StationConfig.load(path: path), world: world, clock: SystemClock(), library: PolicyLibrary(roots: [folder]),
            limits: limits)
        defer { policies.close() }
        let stuck = LockedLines()
        policies.watchdog = Watchdog(limits: limits) { stuck.append("\($0.policy) \($0.site)") }
        policies.dispatch(Event(seq: 7, at: Date(), name: .signedIn, actor: .user))
        #expect(stuck.all == ["p hook signed_in (event 7)"])
        // After the restart: the same event reaches the policy's hooks no more, and is reported.
        policies.skip(Watchdog.StuckCall(policy: "p", site: .hook(.signedIn, seq: 7), seconds: 2))
        world.calls = 0
        policies.dispatch(Event(seq: 7, at: Date(), name: .signedIn, actor: .user))
        #expect(world.calls == 0)
        #expect(policies.health(of: "p").lastError?.contains("the watchdog could not stop it") == true)
    }
}

/// Lines collected from several threads (the logger, the watchdog).
final class LockedLines: LogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }
}

/// A world whose session reads take a second: a host function the watchdog cannot interrupt.
final class SlowWorld: PolicyWorld {
    var calls = 0
    func sessions(_ filter: SessionFilter) throws -> [Session] {
        calls += 1
        Thread.sleep(forTimeInterval: 1)
        return []
    }
    func session(_ ref: SessionRef) throws -> Session? { nil }
    func computers() throws -> [ComputerInfo] { [] }
    func stations(computer: String?, limit: Int?) throws -> [StationInfo] { [] }
    func perform(_ command: Command, call: PolicyCall, reason: String) -> ActionResult { .done(events: 0) }
    func record(_ events: [Event]) throws {}
    func run(_ request: ExecRequest) -> ExecResult { .simulated }
    func saveTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws {}
    func saveHealth(_ health: PolicyHealth, at now: Date) throws {}
    func saveMemory(_ text: String, of policy: String, at now: Date) throws {}
}

@Suite struct QuarantineDuringACallTests {
    @Test func aPolicyQuarantinedWhileItRunsIsReportedOnceAndActsNoMore() throws {
        let lab = try PolicyLab(
            config: "policy \"spam\" {}\nlimit { policy_actions_per_minute = 3 }",
            policies: ["spam": "on('signed_in', function(e) for i = 1, 50 do session(e.session):message('hi ' .. i) end end)"])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        #expect(try lab.events(.messageSent).count == 3)
        let errors = try lab.events(.policyError)
        #expect(errors.filter { $0.reason == "quarantine" }.count == 1)
        #expect(errors.count == PolicySet.quarantineAfter + 1, "\(errors.map(\.detail))")
    }
}

@Suite struct LargeResultTests {
    @Test func aQueryLargerThanThePolicysMemoryIsRefusedBeforeItIsBuilt() throws {
        let lab = try PolicyLab(
            config: "policy \"all\" {}",
            policies: [
                "all": """
                on('signed_in', function(e)
                  local ok, why = pcall(stations)
                  session(e.session):message(tostring(ok) .. ' ' .. tostring(why))
                  session(e.session):message('one computer: ' .. #stations{ computer = 'C1' })
                end)
                """
            ])
        let computers = (1...20).map { LabLayout.Computer(name: "C\($0)", stations: (1...200).map(String.init)) }
        try lab.store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "3", "4"])] + computers))
        var limits = PolicyLimits.standard
        limits.memoryBytes = 2 << 20
        try lab.load(limits: limits)
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        let texts = try lab.events(.messageSent).compactMap(\.detail?.text)
        #expect(
            texts.first?.contains("false") == true && texts.first?.contains("more stations than this policy's memory can hold") == true,
            "\(texts)")
        #expect(texts.last == "one computer: 200")
    }
}

@Suite struct OneClockTests {
    @Test func osTimeAndOsDateReadTheEnginesClock() throws {
        let lab = try PolicyLab(
            config: "policy \"clock\" {}",
            policies: [
                "clock":
                    "on('signed_in', function(e) session(e.session):message(os.time() .. ' ' .. os.date('!%H:%M') .. ' ' .. os.date('!%Y', 0)) end)"
            ])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        let expected = "\(Int(lab.clock.now.timeIntervalSince1970)) 08:00 1970"
        #expect(try lab.events(.messageSent).first?.detail?.text == expected)
    }

    @Test func atAcceptsDayGroupsInAList() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}",
            policies: [
                "p": "at('09:00', function() end, { days = { 'weekdays' } })\nat('10:00', function() end, { days = { 'sat', 'weekends' } })"
            ])
        #expect(throws: Never.self) { try lab.load() }
        let bad = try PolicyLab(config: "policy \"p\" {}", policies: ["p": "at('09:00', function() end, { days = { 'someday' } })"])
        #expect { try bad.load() } throws: {
            "\($0)".contains("or be \"weekdays\", \"weekends\", \"daily\", \"school_days\" or \"holidays\", not \"someday\"")
        }
    }
}
