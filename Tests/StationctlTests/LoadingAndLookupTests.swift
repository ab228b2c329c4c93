import Foundation
import StoreTestSupport
import Testing

/// Loading a file is not running it; plugin commands and the daemon survive what they cannot read.
@Suite struct LoadingAndLookupTests {
    /// A lab with plugins (and optionally a policy) written into its folder.
    func lab(plugins: [String: String], policy: String? = nil) throws -> Lab {
        var config = Lab.standardConfig + "\n"
        config += plugins.keys.sorted().map { "plugin \"\($0)\" { allow = { \"exec\" } }" }.joined(separator: "\n") + "\n"
        if policy != nil { config += "policy \"p\" {}\n" }
        let lab = try Lab(config: config)
        for (kind, files) in [("plugins", plugins), ("policies", policy.map { ["p": $0] } ?? [:])] {
            let folder = lab.folder.appendingPathComponent(kind)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, source) in files { try Data(source.utf8).write(to: folder.appendingPathComponent("\(name).lua")) }
        }
        return lab
    }

    static let closer = """
        action("close_all", function() return computer("LAB-1"):end_all("closing") end)
        command{ name = "close-lab", summary = "End every session of LAB-1.", run = function() print(actions.close_all()) end }
        """

    @Test func aPluginActionCalledWhileAFileLoadsIsRefused() throws {
        let lab = try lab(plugins: [
            "a": Self.closer,
            "b": "local ok, why = actions.close_all()\nlog.warn('b got', tostring(ok), why)\n",
        ])
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let listed = try lab.ok("policies")
        #expect(listed.err.contains("b got nil actions are not available while a file loads"))
        #expect(try lab.ok("sessions", "--json").jsonArray().count == 1)
        // From a command, the same action acts, as the admin who ran it.
        let closed = try lab.ok("close-lab")
        #expect(closed.out.hasPrefix("true"))
        #expect(try lab.ok("journal", "--json").jsonArray().last?["actor"] as? String == Lab.admin())
    }

    @Test func aProgramRunWhileAFileLoadsIsRefused() throws {
        let lab = try lab(plugins: ["runner": "exec{ program = \"/bin/true\" }\n"])
        let result = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(result.status == 4)
        #expect(result.err.contains("runner.lua:1:1: error: exec is not available while a file loads"), "\(result.err)")
    }

    @Test func aCheckNamesTheFunctionThatCannotRead() throws {
        let lab = try lab(plugins: [:], policy: "local c = computer('LAB-1')\n")
        let result = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(
            result.err.contains("p.lua:1:1: error: computer() is not available while a file loads: query in a hook, a timer or a command"),
            "\(result.err)")
    }

    @Test func checkServeAndSimulateRefuseAReadAtLoadWithTheSameMessage() throws {
        let lab = try lab(plugins: [:], policy: "local c = computer('LAB-1')\n")
        let message = "computer() is not available while a file loads: query in a hook, a timer or a command"
        let check = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        let serve = try lab.run("serve", "--once", "--config", lab.config.path, plain: true)
        let scenario = lab.folder.appendingPathComponent("day.lua")
        try Data("at(\"08:00\", sign_in(\"alice\", \"LAB-1/1\"))\n".utf8).write(to: scenario)
        let simulate = try lab.run("simulate", scenario.path, "--config", lab.config.path, plain: true)
        for result in [check, serve, simulate] {
            #expect(result.status != 0)
            #expect((result.out + result.err).contains(message) && result.err.contains("p.lua:1"), "\(result.out)\(result.err)")
        }
    }

    @Test func aPolicyThatReadsTheLabWhenItLoadsIsNamedByPluginCommandsAndDoesNotBreakHelp() throws {
        let lab = try lab(plugins: ["a": Self.closer], policy: "for _, c in ipairs(computers()) do every('1h', function() end) end\n")
        let command = try lab.run("close-lab", plain: true)
        #expect(command.status == 4)
        #expect(command.err.contains("p.lua:1: computers() is not available while a file loads"), "\(command.err)")
        let help = try Lab.execute(["--help"], in: lab.folder, environment: ["PATH": "/usr/bin:/bin", "HOME": lab.folder.path])
        #expect(help.out.contains("close-lab"), "\(help.out)")
    }

    @Test func aPluginCommandWithAMissingConfigSaysSo() throws {
        let lab = try lab(plugins: ["a": Self.closer])
        let result = try lab.run("close-lab", "--config", "typo.lua", plain: true)
        #expect(result.status == 4)
        #expect(result.err.contains("the config typo.lua (from --config) does not exist"))
    }

    @Test(TestStores.sqliteOnly) func theDaemonSkipsAJournalRowItCannotReadAndGoesOn() throws {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"greeter\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("on('signed_in', function(e) session(e.session):message('welcome') end)\n".utf8)
            .write(to: folder.appendingPathComponent("greeter.lua"))
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let sqlite = try Lab.execute(
            [lab.store.path, "INSERT INTO journal (at, event, actor, depth) VALUES (0, 'teleported', 'user', 0)"],
            in: lab.folder, environment: [:], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(sqlite.status == 0, "\(sqlite.err)")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        let served = try lab.ok("serve", "--once")
        #expect(served.err.contains("skipped journal event 2: the journal holds event 2 named 'teleported'"))
        #expect(try lab.ok("messages", "bob@LAB-1", "--json").jsonArray().count == 1)
        #expect(try lab.run("journal").status == 5, "listing the journal says it cannot read the row")
    }

    @Test(TestStores.sqliteOnly) func aListingOfAStoreNotCreatedYetSaysSo() throws {
        let lab = try Lab()
        let result = try lab.ok("sessions")
        #expect(result.err.contains("warning: no store at \(lab.store.path) yet"))
    }
}

@Suite struct MessagesAfterTheEndTests {
    @Test func messagesByUserAtComputerStillListAfterTheSessionEnded() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "bob", "--station", "LAB-1/1")
        try lab.ok("message", "bob@LAB-1", "Save your work")
        try lab.ok("sign-out", "bob@LAB-1")
        let listed = try lab.ok("messages", "bob@LAB-1", "--json").jsonArray()
        #expect(listed.map { $0["text"] as? String } == ["Save your work"])
        #expect(try lab.run("messages", "bob@LAB-9").status == 2, "an unknown computer is still an unknown name")
    }
}

@Suite struct JournalDetailTests {
    @Test func theHumanJournalShowsWhatFailed() throws {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"broken\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("on('signed_in', function() error('no printer configured') end)\n".utf8).write(
            to: folder.appendingPathComponent("broken.lua"))
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("serve", "--once")
        let line = try lab.ok("journal").out.split(separator: "\n").first { $0.contains("policy_error") }
        #expect(line?.contains("broken.lua:1: no printer configured") == true, "\(String(describing: line))")
    }
}
