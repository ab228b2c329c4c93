import Foundation
import Testing

/// The line that hung everything before issue 9, in every place Lua runs: each command returns.
@Suite struct HostileTests {
    static let hang = "xpcall(function() while true do end end, function() while true do end end)"

    @Test func inTheConfigEveryCommandReturnsWithAConfigError() throws {
        let lab = try Lab(config: Lab.standardConfig + "\n" + Self.hang + "\n")
        let started = Date()
        let result = try lab.run("computers")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 4)
        #expect(result.err.contains("instruction budget exceeded"), "\(result.err)")
    }

    @Test func inAPolicyFileTheCheckAndTheDaemonReturn() throws {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"hostile\" {}\npolicy \"fine\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("on('signed_in', function() \(Self.hang) end)\n".utf8).write(to: folder.appendingPathComponent("hostile.lua"))
        try Data("on('signed_in', function(e) session(e.session):message('welcome') end)\n".utf8)
            .write(to: folder.appendingPathComponent("fine.lua"))
        #expect(try lab.run("policies", "check", "--config", lab.config.path, plain: true).status == 0)
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("serve", "--once")
        let listed = try lab.ok("policies", "--json").jsonArray()
        #expect(listed.first { $0["name"] as? String == "hostile" }?["state"] as? String == "failing")
        #expect(try lab.ok("messages", "alice@LAB-1", "--json").jsonArray().count == 1)

        // The same line where the file loads: the check reports it, with the file and line.
        try Data("\(Self.hang)\n".utf8).write(to: folder.appendingPathComponent("hostile.lua"))
        let checked = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(checked.status == 4)
        #expect(checked.err.contains("hostile.lua:1:1: error: instruction budget exceeded"), "\(checked.err)")
    }

    @Test func inASimulationTheDayStillPlays() throws {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"hostile\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("every('1m', function() \(Self.hang) end)\n".utf8).write(to: folder.appendingPathComponent("hostile.lua"))
        let scenario = lab.folder.appendingPathComponent("day.lua")
        try Data("at('08:00', sign_in('alice', 'LAB-1/1'))\n".utf8).write(to: scenario)
        let started = Date()
        let result = try lab.run(
            "simulate", scenario.path, "--from", "2026-03-02T08:00:00Z", "--until", "10m", "--json", "--config", lab.config.path,
            plain: true)
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("instruction budget exceeded"))
    }
}

/// Work that grows with data inside one VM instruction (`..`, `==` on megabyte strings) is not
/// bounded by the instruction budget alone: the wall clock stops it.
@Suite struct WallClockTests {
    @Test func aConfigThatComparesHugeStringsForEverReturns() throws {
        let lab = try Lab(
            config: Lab.standardConfig
                + "\nlocal a = 'x' for i = 1, 22 do a = a .. a end local b = ('y' .. a):sub(2) while true do if a == b then end end\n")
        let started = Date()
        let result = try lab.run("computers")
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(result.status == 4)
        #expect(result.err.contains("stopped: the call ran longer than its time limit"), "\(result.err)")
    }

    @Test func aPolicyFileThatComparesHugeStringsForEverIsReportedByTheCheck() throws {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"slow\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source =
            "local a = 'x' for i = 1, 22 do a = a .. a end local b = ('y' .. a):sub(2) local n = 0 while true do if a == b then n = n + 1 end end\n"
        try Data(source.utf8).write(to: folder.appendingPathComponent("slow.lua"))
        let started = Date()
        let checked = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(checked.status == 4)
        #expect(checked.err.contains("slow.lua:1:1: error: ") && checked.err.contains("stopped"), "\(checked.err)")
    }
}
