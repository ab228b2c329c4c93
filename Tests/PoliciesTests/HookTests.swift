import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import Testing

@Suite struct HookTests {
    @Test func hooksSeeTheEventAfterCommitInConfigOrder() throws {
        let hook = { (tag: String) in
            """
            on("signed_in", function(e)
              local s = session(e.session)
              s:message("\(tag) " .. e.user .. " " .. e.station .. " " .. e.actor .. " " .. s.state)
            end)
            """
        }
        let lab = try PolicyLab(config: "policy \"b\" {}\npolicy \"a\" {}", policies: ["a": hook("A"), "b": hook("B")])
        try lab.load()
        try lab.signIn("alice", "LAB-1/2")
        try lab.runOnce()
        let messages = try lab.events(.messageSent)
        #expect(messages.map(\.detail?.text) == ["B alice LAB-1/2 user active", "A alice LAB-1/2 user active"])
        #expect(messages.map(\.actor) == [.policy("b"), .policy("a")])
        #expect(messages.allSatisfy { $0.depth == 1 })
    }

    @Test func aFailingHookIsReportedWithFileAndLineAndOthersKeepRunning() throws {
        let lab = try PolicyLab(
            config: "policy \"broken\" {}\npolicy \"fine\" {}",
            policies: [
                "broken": "on(\"locked\", function(e)\n  local x = nil\n  return x.field\nend)",
                "fine": "on(\"locked\", function(e) session(e.session):message('still here') end)",
            ])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.act(.lock(.user("alice", computer: "LAB-1")))
        try lab.runOnce()
        let errors = try lab.events(.policyError)
        #expect(errors.count == 1)
        #expect(errors.first?.actor == .policy("broken"))
        #expect(errors.first?.detail?.text.contains("policies/broken.lua:3: attempt to index a nil value") == true)
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["still here"])
        #expect(lab.host?.health(of: "broken").state == .failing)
        #expect(try lab.store.policyHealth()["broken"]?.lastError?.contains("broken.lua:3") == true)
    }

    @Test func aRunawayHookIsStoppedAndTheEngineGoesOn() throws {
        let lab = try PolicyLab(
            config: "policy \"spin\" {}\npolicy \"bomb\" {}",
            policies: [
                "spin": "on('signed_in', function() while true do pcall(function() while true do end end) end end)",
                "bomb": "on('signed_in', function() local s, t = ('x'):rep(2^20), {} for i = 1, 1000 do t[i] = s .. i end end)",
            ])
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.runOnce()
        let details = try lab.events(.policyError).compactMap(\.detail?.text)
        #expect(details.count == 2)
        #expect(details[0].contains("instruction budget exceeded"))
        #expect(details[1].contains("memory limit"))
        try lab.signIn("bob", "LAB-1/2")
        #expect(try lab.runOnce().events == 3)
    }

    @Test func repeatedFailuresQuarantineThePolicyUntilReload() throws {
        let lab = try PolicyLab(config: "policy \"flaky\" {}", policies: ["flaky": "on('activity_never', nil)"])
        #expect(throws: ConfigError.self) { try lab.load() }
        try lab.writePolicy("flaky", "on('locked', function() error('nope') end)")
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        for _ in 0..<(PolicySet.quarantineAfter + 2) {
            try lab.act(.lock(.user("alice", computer: "LAB-1")))
            try lab.act(.unlock(.user("alice", computer: "LAB-1")))
        }
        try lab.runOnce()
        let errors = try lab.events(.policyError)
        #expect(errors.count == PolicySet.quarantineAfter + 1)
        #expect(errors.last?.detail?.text.contains("quarantined after 5 consecutive failures") == true)
        #expect(lab.host?.health(of: "flaky").state == .quarantined)
        try lab.load()
        #expect(lab.host?.health(of: "flaky").state == .ok)
    }

    @Test func loadErrorsAreConfigErrorsWithFileAndLine() throws {
        let lab = try PolicyLab(
            config: "policy \"x\" { after = 5 }",
            policies: [
                "x": "defaults{ after = \"2h\" }\non(\"sigend_in\", function() end)"
            ])
        do {
            try lab.load()
            Issue.record("expected a config error")
        } catch {
            #expect(
                String(describing: error).contains(
                    "policies/x.lua:2: unknown event 'sigend_in' — did you mean 'signed_in'? (events: signed_in"))
        }
        try lab.writePolicy("x", "defaults{ after = \"2h\" }")
        do {
            try lab.load()
            Issue.record("expected a config error")
        } catch {
            #expect(
                String(describing: error)
                    == "\(lab.configPath):2: policy \"x\": setting 'after' must be a duration such as \"90s\", \"5m\", \"2h\" or \"1h30m\", not a number"
            )
        }
        try lab.write(config: "policy \"x\" { aftr = \"1h\" }")
        #expect(throws: ConfigError.self) { try lab.load() }
        try lab.write(config: "policy \"nope\" {}")
        do {
            try lab.load()
        } catch {
            #expect(String(describing: error).contains(":2: no policy \"nope\": looked for"))
        }
        try lab.write(config: "policy \"x\" { days = \"weekends\" }")
        try lab.writePolicy("x", "defaults{ days = { \"weekdays\" } }\nassert(settings.days[1] == \"weekends\" and #settings.days == 1)")
        try lab.load()
        try lab.write(config: "policy \"x\" { after = \"30m\" }")
        try lab.writePolicy("x", "defaults{ after = \"2h\" }\nevery(settings.after, function() end)")
        #expect(try lab.load().runtime(named: "x")?.timerDescriptions == ["every 30m"])
    }
}
