import Foundation
import StoreTestSupport
import Testing

@Suite(.serialized) struct DaemonTests {
    /// A lab whose config enables the given policies, written beside it.
    func lab(policies: [String: String], extra: String = "") throws -> Lab {
        let lab = try Lab(
            config: Lab.standardConfig + "\n" + policies.keys.sorted().map { "policy \"\($0)\" {}" }.joined(separator: "\n") + "\n" + extra)
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, source) in policies {
            try Data(source.utf8).write(to: folder.appendingPathComponent("\(name).lua"))
        }
        return lab
    }

    static let greeter = "on('signed_in', function(e) session(e.session):message('welcome ' .. e.user) end)"
    /// Ends the sessions suspended longer than 2 h, every minute.
    static let tidy = """
        every("1m", function()
          for _, s in ipairs(sessions{ state = "suspended", in_state_longer_than = "2h" }) do
            s:terminate("suspended longer than 2h")
          end
        end)
        """

    @Test func serveOnceDispatchesWhatOtherProcessesCommitted() throws {
        let lab = try lab(policies: ["greeter": Self.greeter])
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        let once = try lab.ok("serve", "--once")
        // the two sign-ins, then the two messages the hook sent: one pass runs until quiet
        #expect(once.out.contains("dispatched 4 event(s)"))
        let messages = try lab.ok("messages", "alice@LAB-1", "--json").jsonArray()
        #expect(messages.map { $0["text"] as? String } == ["welcome alice"])
        #expect(messages.first?["actor"] as? String == "policy:greeter")
        #expect(try lab.ok("serve", "--once").out.contains("dispatched 0 event(s)"))
    }

    @Test func timersRunOnTheFakeClockAndScheduledShutdownsHappen() throws {
        let lab = try lab(policies: ["tidy": Self.tidy])
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("disconnect", "alice@LAB-1")
        try lab.ok("serve", "--once")
        lab.now = "2026-03-02T09:59:00Z"
        try lab.ok("serve", "--once")
        #expect(try lab.ok("sessions", "--json").jsonArray().count == 1)
        lab.now = "2026-03-02T10:01:00Z"
        try lab.ok("serve", "--once")
        #expect(try lab.ok("sessions", "--json").jsonArray().isEmpty)
        let ended = try lab.ok("journal", "--json").jsonArray().last
        #expect(ended?["actor"] as? String == "policy:tidy" && ended?["reason"] as? String == "suspended longer than 2h")

        try lab.ok("sign-in", "bob", "--station", "LAB-2/front")
        let scheduled = try lab.ok("shutdown", "LAB-2", "--in", "15m", "--message", "Lab closes")
        #expect(scheduled.out.contains("scheduled LAB-2: shutdown at 2026-03-02T10:16:00Z: Lab closes"))
        #expect(try lab.ok("computers", "--json").jsonArray().last?["shutdown_at"] as? String == "2026-03-02T10:16:00Z")
        lab.now = "2026-03-02T10:12:00Z"
        let refused = try lab.run("sign-in", "carol", "--station", "LAB-2/back")
        #expect(
            refused.status == 3
                && refused.err.contains("LAB-2 will shut down at 2026-03-02T10:16:00Z (in 4m 00s): new sign-ins are refused")
        )
        lab.now = "2026-03-02T10:16:00Z"
        #expect(try lab.ok("serve", "--once").out.contains("carried out 1 scheduled shutdown(s)"))
        #expect(try lab.ok("computers", "--json").jsonArray().last?["power"] as? String == "off")
    }

    @Test func cancellingAScheduledShutdown() throws {
        let lab = try Lab()
        lab.now = "2026-03-02T08:00:00Z"
        #expect(try lab.run("shutdown", "LAB-1", "--cancel").status == 3)
        try lab.ok("restart", "LAB-1", "--in", "1h")
        #expect(try lab.ok("restart", "LAB-1", "--cancel").out.contains("cancelled on LAB-1: restart at 2026-03-02T09:00:00Z cancelled"))
        #expect(try lab.run("shutdown", "LAB-1", "--message", "x").status == 64)
        #expect(try lab.run("shutdown", "LAB-1", "--in", "soon").status == 64)
    }

    @Test func aDaemonKilledMidDispatchPicksUpWhereItStopped() throws {
        let lab = try Lab(
            config: Lab.standardConfig + """

                plugin "slow" { allow = { "exec" } }
                """)
        let plugins = lab.folder.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try Data(
            """
            on("signed_in", function(e)
              exec{ program = "/bin/sleep", args = { "1.5" }, timeout = "10s" }
              session(e.session):message("handled " .. e.seq)
            end)
            """.utf8
        ).write(to: plugins.appendingPathComponent("slow.lua"))
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let (daemon, _) = try lab.startDaemon()
        // Inside the hook, sleeping in exec (a call the watchdog stops after 2 s: this one ends before).
        Thread.sleep(forTimeInterval: 0.8)
        kill(daemon.processIdentifier, SIGKILL)
        daemon.waitUntilExit()
        #expect(try lab.ok("journal", "--json").jsonArray().map { $0["event"] as? String } == ["signed_in"])
        try lab.ok("serve", "--once")
        let events = try lab.ok("journal", "--json").jsonArray().map { $0["event"] as? String }
        #expect(events == ["signed_in", "plugin_exec", "message_sent"])
        #expect(try lab.ok("messages", "alice@LAB-1", "--json").jsonArray().first?["text"] as? String == "handled 1")
    }

    @Test(TestStores.sqliteOnly) func sigtermStopsCleanlyAndSighupReloadsOrKeepsTheOldVersion() throws {
        let lab = try lab(policies: ["greeter": Self.greeter])
        let (daemon, errors) = try lab.startDaemon()
        defer { Lab.stop(daemon) }
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try waitFor { try lab.ok("messages", "alice@LAB-1", "--json").jsonArray().count == 1 }
        let second = try lab.run("serve", "--once")
        #expect(second.status == 5 && second.err.contains("another 'stationctl serve' is already running"))

        try Data("on('signed_in', function(e) this is not lua".utf8)
            .write(to: lab.folder.appendingPathComponent("policies/greeter.lua"))
        kill(daemon.processIdentifier, SIGHUP)
        try waitFor { (try String(contentsOf: errors, encoding: .utf8)).contains("reload failed, the running version stays") }
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try waitFor { try lab.ok("messages", "bob@LAB-1", "--json").jsonArray().count == 1 }

        try Data("on('signed_in', function(e) session(e.session):message('hello again ' .. e.user) end)".utf8)
            .write(to: lab.folder.appendingPathComponent("policies/greeter.lua"))
        kill(daemon.processIdentifier, SIGHUP)
        try waitFor { (try String(contentsOf: errors, encoding: .utf8)).contains("reloaded the config") }
        try lab.ok("sign-in", "carol", "--station", "LAB-1/3")
        try waitFor { try lab.ok("messages", "carol@LAB-1", "--json").jsonArray().first?["text"] as? String == "hello again carol" }

        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
        #expect(try String(contentsOf: errors, encoding: .utf8).contains("stopping"))
    }

    @Test func policiesListAndCheck() throws {
        let lab = try lab(policies: ["greeter": Self.greeter, "tidy": "every('5m', function() end)"])
        let listed = try lab.ok("policies", "--json").jsonArray()
        #expect(listed.map { $0["name"] as? String } == ["greeter", "tidy"])
        #expect(listed.first?["hooks"] as? [String] == ["signed_in"])
        #expect(listed.first?["state"] as? String == "ok")
        #expect((listed.last?["timers"] as? [[String: Any]])?.first?["schedule"] as? String == "every 5m")
        let checked = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(checked.status == 0 && checked.out.contains("ok: ") && checked.out.contains("hooks: signed_in"))
        let broken = lab.folder.appendingPathComponent("policies/broken.lua")
        try Data("every('5 minutes', function() end)\n".utf8).write(to: broken)
        let bad = try lab.run("policies", "check", broken.path, plain: true)
        #expect(bad.status == 4)
        #expect(bad.err.contains("\(broken.path):1:7: error: every: '5 minutes' is not a duration"), "\(bad.err)")
    }
}
