import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import Testing

/// `memory` survives reloads, restarts and `serve --once` runs; health does too, so quarantine works under cron.
@Suite struct MemoryTests {
    static let counter = """
        memory.ticks = (memory.ticks or 0) + 1
        every("1m", function()
          memory.runs = (memory.runs or 0) + 1
          computer("LAB-1"):message_all("run " .. memory.runs .. " load " .. memory.ticks)
        end)
        """

    @Test func memorySurvivesReloadsAndRestarts() throws {
        let lab = try PolicyLab(config: "policy \"count\" {}", policies: ["count": Self.counter])
        try lab.signIn("alice", "LAB-1/1")
        for resuming in [true, false, true] {
            try lab.load(resuming: resuming)
            try lab.advance("1m")
            try lab.runOnce()
        }
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["run 1 load 1", "run 2 load 2", "run 3 load 3"])
    }

    @Test func valuesComeBackAsTheyWere() throws {
        let lab = try PolicyLab(
            config: "policy \"keep\" {}",
            policies: [
                "keep": """
                if memory.saved then
                  local m = memory
                  local ok = m.text == 'say "hi"\\n\\tbye' and m.int == 42 and m.float == 0.1 and m.big == math.maxinteger
                    and m.small == math.mininteger and m.yes == true and m.no == false and m.list[3] == "c" and #m.list == 3
                    and m.sparse[1000] == "k" and m.nested.deeper.x == 1 and m.mixed[1] == "one" and m.mixed.two == 2
                    and m.inf == math.huge and m.float_key[1.5] == "f" and m.utf8 == "élève"
                  every("1m", function() computer("LAB-1"):message_all(ok and "same" or "different") end)
                else
                  memory.saved, memory.text, memory.int, memory.float = true, 'say "hi"\\n\\tbye', 42, 0.1
                  memory.big, memory.small, memory.yes, memory.no = math.maxinteger, math.mininteger, true, false
                  memory.list, memory.sparse, memory.nested = { "a", "b", "c" }, { [1000] = "k" }, { deeper = { x = 1 } }
                  memory.mixed, memory.inf, memory.float_key, memory.utf8 = { "one", two = 2 }, math.huge, { [1.5] = "f" }, "élève"
                  every("1m", function() end)
                end
                """
            ])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()  // the timer's call saves what the file put there
        try lab.load(resuming: true)
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["same"])
        #expect(try lab.events(.policyError).isEmpty)
    }

    @Test func whatMemoryCannotKeepIsReported() throws {
        let lab = try PolicyLab(
            config: "policy \"fn\" {}\npolicy \"loop\" {}",
            policies: [
                "fn": "every('1m', function() memory.callback = print end)",
                "loop": "every('1m', function() local t = {} memory.a, memory.b = t, t end)",
            ])
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        let errors = try lab.events(.policyError).compactMap(\.detail?.text)
        #expect(errors.contains("memory can keep strings, numbers, booleans and tables, not a function (at memory[\"callback\"])"))
        #expect(errors.contains { $0.hasPrefix("memory can keep a table once: memory[\"") })
        #expect(try lab.store.policyMemory().isEmpty)
    }

    @Test func aMemoryTooLargeIsNotSavedAndSaysSo() throws {
        let lab = try PolicyLab(
            config: "policy \"big\" {}", policies: ["big": "every('1m', function() memory.blob = ('x'):rep(70000) end)"])
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        let errors = try lab.events(.policyError).compactMap(\.detail?.text)
        #expect(errors.first?.hasPrefix("memory holds 700") == true)
        #expect(errors.first?.hasSuffix("more than the 65536 it may keep: forget what is no longer needed (it was not saved)") == true)
        #expect(try lab.store.policyMemory()["big"] == nil)
    }

    @Test func aQuarantineLastsAcrossStartsUntilThePolicyChanges() throws {
        let lab = try PolicyLab(config: "policy \"flaky\" {}", policies: ["flaky": "every('1m', function() error('nope') end)"])
        for _ in 0..<PolicySet.quarantineAfter {
            try lab.load(resuming: true)  // each run of `serve --once` starts the daemon
            try lab.advance("1m")
            try lab.runOnce()
        }
        #expect(lab.host?.health(of: "flaky").state == .quarantined)
        try lab.load(resuming: true)
        #expect(lab.host?.health(of: "flaky").state == .quarantined)
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.events(.policyError).count == PolicySet.quarantineAfter + 1, "a quarantined policy does not run")
        try lab.writePolicy("flaky", "every('1m', function() end) -- fixed")
        try lab.load(resuming: true)
        #expect(lab.host?.health(of: "flaky").state == .ok)
        #expect(lab.host?.health(of: "flaky").lastError?.contains("nope") == true, "the last error is kept")
    }

    @Test func aReloadStartsAQuarantinedPolicyAfresh() throws {
        let lab = try PolicyLab(config: "policy \"flaky\" {}", policies: ["flaky": "every('1m', function() error('nope') end)"])
        try lab.load(resuming: true)
        for _ in 0..<PolicySet.quarantineAfter {
            try lab.advance("1m")
            try lab.runOnce()
        }
        #expect(lab.host?.health(of: "flaky").state == .quarantined)
        try lab.load()
        #expect(lab.host?.health(of: "flaky").state == .ok)
    }
}

@Suite struct MemoryFidelityTests {
    @Test func bytesFloatsAndTopLevelChangesComeBackExactly() throws {
        let source = """
            if memory.saved then
              local ok = memory.bytes == "\\xff\\xfe\\x00a" and math.type(memory.one) == "float" and memory.one == 1.0
                and 1 / memory.negzero == -math.huge and math.type(memory.big) == "float" and memory.big == 2^53
                and memory.top == "from the top level"
              every("1m", function() computer("LAB-1"):message_all(ok and "same" or "different") end)
            else
              memory.top = "from the top level"
              every("1m", function()
                memory.saved, memory.bytes, memory.one, memory.negzero, memory.big = true, "\\xff\\xfe\\x00a", 1.0, -0.0, 2^53
              end)
            end
            """
        let lab = try PolicyLab(config: "policy \"keep\" {}", policies: ["keep": source])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load(resuming: true)
        #expect(try lab.store.policyMemory()["keep"]?.contains("from the top level") == true, "saved when the daemon starts")
        try lab.advance("1m")
        try lab.runOnce()
        try lab.load(resuming: true)
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.detail?.text) == ["same"])
        #expect(try lab.events(.policyError).isEmpty)
    }

    @Test func aFailingCallThatAlsoCannotSaveCountsOnce() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}", policies: ["p": "every('1m', function() memory.f = print error('boom') end)"])
        try lab.load(resuming: true)
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.events(.policyError).compactMap(\.detail?.text).count == 1)
        #expect(lab.host?.health(of: "p").failures == 1)
    }
}
