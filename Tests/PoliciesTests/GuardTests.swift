import Foundation
import Policies
import SessionEngine
import SessionStore
import StationDaemon
import Testing

@Suite struct GuardTests {
    static let endEveryone = """
        every("1m", function()
          for _, s in ipairs(sessions{}) do
            local ok, err = s:terminate("tidy")
            if not ok then log.warn(err) end
          end
        end)
        """

    @Test func protectedUsersAreNeverTouchedByPolicies() throws {
        let lab = try PolicyLab(config: "policy \"tidy\" {}\nprotect { users = { \"teacher\" } }", policies: ["tidy": Self.endEveryone])
        try lab.signIn("teacher", "LAB-1/1")
        try lab.signIn("alice", "LAB-1/2")
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.store.sessions().map(\.user) == ["teacher"])
        // Telling a protected user something is not acting on the session.
        try lab.writePolicy("tidy", "on('locked', function(e) session(e.session):message('heads up') end)")
        try lab.load()
        try lab.act(.lock(.user("teacher", computer: "LAB-1")))
        try lab.runOnce()
        #expect(try lab.events(.messageSent).map(\.user) == ["teacher"])
        try lab.act(.end([.user("teacher", computer: "LAB-1")]), as: .admin(nil))
        #expect(try lab.store.sessions().isEmpty)
    }

    @Test func theActionLimitStopsABuggyPolicyAndIsReported() throws {
        let lab = try PolicyLab(config: "policy \"tidy\" {}\nlimit { policy_actions_per_minute = 2 }", policies: ["tidy": Self.endEveryone])
        for (index, user) in ["a", "b", "c", "d"].enumerated() { try lab.signIn(user, "LAB-1/\(index + 1)") }
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.store.sessions().count == 2)
        let errors = try lab.events(.policyError)
        #expect(errors.count == 2)
        #expect(errors.first?.detail?.text.contains("refused by limit { policy_actions_per_minute = 2 }") == true)
        try lab.advance("1m")
        try lab.runOnce()
        #expect(try lab.store.sessions().isEmpty)
    }

    @Test func aCascadeDeeperThanTheLimitIsCutAndReported() throws {
        let lab = try PolicyLab(
            config: "policy \"echo\" {}", policies: ["echo": "on('message_sent', function(e) session(e.session):message('again') end)"])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()
        try lab.act(.message([.user("alice", computer: "LAB-1")], text: "hello"), as: .admin(nil))
        try lab.runOnce()
        #expect(try lab.events(.messageSent).count == 1 + PolicySet.maxCascadeDepth)
        let errors = try lab.events(.policyError)
        #expect(errors.count == 1)
        #expect(errors.first?.detail?.text.contains("cascade cut") == true)
    }

    @Test func refusedActionsReturnNilAndAMessage() throws {
        let lab = try PolicyLab(
            config: "policy \"p\" {}",
            policies: [
                "p": """
                on("suspended", function(e)
                  local ok, err = session(e.session):lock("why not")
                  session(e.session):message(tostring(ok) .. ": " .. tostring(err))
                end)
                """
            ])
        try lab.signIn("alice", "LAB-1/1")
        try lab.load()
        try lab.act(.disconnect(.user("alice", computer: "LAB-1")))
        try lab.runOnce()
        #expect(
            try lab.events(.messageSent).first?.detail?.text
                == "nil: session 1 (alice@LAB-1) is suspended: only an active session can be locked")
    }

    @Test func queriesFilterInTheStoreAndCheckTheirArguments() throws {
        let lab = try PolicyLab(
            config: "policy \"q\" {}",
            policies: [
                "q": """
                every("1m", function()
                  local idle = sessions{ state = "active", idle_longer_than = "30m" }
                  local c = computer("LAB-1")
                  local st = stations{ computer = "LAB-1", status = "available" }
                  session("bob@LAB-1"):message(#idle .. " idle " .. idle[1].user .. ", " .. c.session_count .. " sessions, " .. #st .. " free, "
                    .. #c:sessions{ user = "bob" } .. " bob, " .. #c:stations{ status = "in_use" } .. " in use")

                  local ok, err = pcall(function() local f = { ["col" .. "our"] = "red" }; local list = sessions(f); return list end)
                  session("bob@LAB-1"):message(err)
                end)
                """
            ])
        try lab.signIn("alice", "LAB-1/1")
        try lab.advance("40m")
        try lab.signIn("bob", "LAB-1/2")
        try lab.load()
        try lab.advance("1m")
        try lab.runOnce()
        let texts = try lab.events(.messageSent).compactMap(\.detail?.text)
        #expect(texts.first == "1 idle alice, 2 sessions, 2 free, 1 bob, 2 in use", "\(texts)")
        #expect(
            texts.last?.hasSuffix(
                "policies/q.lua:8: sessions: unknown filter 'colour' (allowed: computer, idle_longer_than, in_state_longer_than, state, user)"
            ) == true, "\(texts)")
    }

    @Test func scheduledShutdownsAreCarriedOutAtTheDeadline() throws {
        let lab = try PolicyLab()
        try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        try lab.act(
            .schedule(computer: "LAB-1", ScheduledShutdown(at: lab.clock.now + 900, restart: false, message: "bye")), as: .admin(nil))
        try lab.advance("11m")
        #expect(throws: EngineError.self) { try lab.signIn("bob", "LAB-1/2") }
        try lab.advance("4m")
        #expect(try lab.runOnce().shutdowns == 1)
        #expect(try lab.store.computers().first?.computer.power == .off)
        let ended = try lab.events(.ended)
        #expect(ended.first?.actor == .system && ended.first?.detail?.text == "shutdown")
    }
}
