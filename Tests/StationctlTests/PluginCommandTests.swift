import Foundation
import Testing

/// Plugin commands end to end: `stationctl exam-mode …` runs the bundled plugin's command
/// (found through the source tree the binary was built in).
@Suite struct PluginCommandTests {
    static let examConfig = Lab.standardConfig + "\nplugin \"exam-mode\" {}\n"

    @Test func examModeOnBlocksEveryStationButTheKeptOneAndOffUndoesIt() throws {
        let lab = try Lab(config: Self.examConfig)
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("block", "LAB-1/4", "--message", "Broken screen")

        let on = try lab.ok("exam-mode", "on", "--computer", "LAB-1", "--keep", "LAB-1/1")
        #expect(
            on.out == """
                blocked LAB-1/2 (bob@LAB-1 messaged and suspended)
                blocked LAB-1/3
                skipped 2:
                  LAB-1/1: kept
                  LAB-1/4: already blocked ("Broken screen")

                """)
        let stations = try lab.ok("stations", "--json", "--computer", "LAB-1").jsonArray()
        #expect(stations.map { $0["status"] as? String } == ["in_use", "blocked", "blocked", "blocked"])
        #expect(stations.map { $0["user"] as? String } == ["alice", nil, nil, nil])
        let bob = try lab.ok("show", "bob@LAB-1", "--json").json() as? [String: Any]
        #expect(bob?["state"] as? String == "suspended")
        #expect(bob?["suspended_by"] as? String == "admin")
        #expect(try lab.ok("stations", "--json", "--computer", "LAB-2").jsonArray().allSatisfy { $0["status"] as? String == "available" })

        let journal = try lab.ok("journal", "--json", "--limit", "0").jsonArray().suffix(4)
        #expect(journal.map { $0["event"] as? String } == ["message_sent", "suspended", "station_blocked", "station_blocked"])
        #expect(journal.allSatisfy { $0["actor"] as? String == Lab.admin() }, "the Unix user who ran the command")
        #expect(journal.first?["detail"] as? String == "Exam in progress")

        let status = try lab.ok("exam-mode", "status", "--computer", "LAB-1")
        #expect(status.out.hasPrefix(#"LAB-1: exam mode on ("Exam in progress"), 2 of 4 stations blocked for the exam"#))

        let off = try lab.ok("exam-mode", "off", "--computer", "LAB-1")
        #expect(
            off.out == """
                unblocked LAB-1/2
                unblocked LAB-1/3
                skipped 1:
                  LAB-1/4: blocked for another reason ("Broken screen")

                """)
        let after = try lab.ok("stations", "--json", "--computer", "LAB-1").jsonArray()
        #expect(after.map { $0["status"] as? String } == ["in_use", "available", "available", "blocked"])
    }

    @Test func theCommandShowsThePluginsHelp() throws {
        let lab = try Lab(config: Self.examConfig)
        let help = try lab.run("exam-mode", "--help")
        #expect(help.status == 0)
        #expect(help.out.contains("OVERVIEW: Block a computer's stations for an exam"))
        #expect(help.out.contains("USAGE: stationctl exam-mode on|off|status --computer C [--keep C/S …] [--message TEXT]"))
        #expect(help.out.contains("--keep C/S"))
        #expect(help.out.contains("(a command of the plugin exam-mode, "))
        #expect(help.out.contains("plugins/exam-mode.lua)"))
        #expect(try lab.run("exam-mode", "on", "-h").out == help.out)
        // --help changes nothing.
        #expect(try lab.ok("journal", "--json").jsonArray().isEmpty)
    }

    @Test func helpListsThePluginCommand() throws {
        let lab = try Lab(config: Self.examConfig)
        // Plain `stationctl help` reads ./stationkeeper.lua (the lab's folder is the working directory).
        let help = try lab.run("help", plain: true, environment: ["STATIONKEEPER_STORE": lab.store.path])
        #expect(help.status == 0)
        #expect(help.out.contains("PLUGIN COMMANDS:"))
        #expect(help.out.contains("  exam-mode "))
        #expect(help.out.contains("(plugin exam-mode)"))

        let without = try Lab()
        let plain = try without.run("help", plain: true, environment: ["STATIONKEEPER_STORE": without.store.path])
        #expect(plain.status == 0)
        #expect(!plain.out.contains("PLUGIN COMMANDS:"))
    }

    @Test func badOptionsExitSixtyFourAndChangeNothing() throws {
        let lab = try Lab(config: Self.examConfig)
        for arguments in [
            ["exam-mode", "on", "--computer", "LAB-1", "--frobnicate"], ["exam-mode", "on"],
            ["exam-mode"], ["exam-mode", "pause", "--computer", "LAB-1"],
        ] {
            let result = try Lab.execute(
                arguments + ["--config", lab.config.path, "--store", lab.storeLocation],
                in: lab.folder, environment: ProcessInfo.processInfo.environment)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.out.hasPrefix("stationctl: error: "), "\(arguments)")
            #expect(result.out.contains("usage: stationctl exam-mode"), "\(arguments)")
        }
        let unknown = try lab.run("exam-mode", "on", "--computer", "LAB-9")
        #expect(unknown.status == 2)
        #expect(unknown.out.contains("no computer 'LAB-9'"))
        #expect(try lab.ok("stations", "--json").jsonArray().allSatisfy { $0["status"] as? String == "available" })
        #expect(try lab.ok("journal", "--json").jsonArray().isEmpty)
    }

    @Test func aPluginCommandIsUnknownWhenThePluginIsNotEnabled() throws {
        let lab = try Lab()
        let result = try lab.run("exam-mode", "on", "--computer", "LAB-1")
        #expect(result.status == 64)
        #expect(try lab.ok("stations", "--json").jsonArray().allSatisfy { $0["status"] as? String == "available" })
    }
}
