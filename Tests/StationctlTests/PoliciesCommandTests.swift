import Foundation
import StoreTestSupport
import Testing

@Suite struct PoliciesCommandTests {
    func lab(policy source: String) throws -> Lab {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"p\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: folder.appendingPathComponent("p.lua"))
        return lab
    }

    @Test func policiesShowsEachPolicysLastErrorsWithFileAndLine() throws {
        let lab = try lab(policy: "every('1m', function() error('broken ' .. os.date('!%H:%M')) end)\n")
        for minute in ["00", "01", "02", "03", "04"] {
            lab.now = "2026-03-02T08:\(minute):00Z"
            try lab.ok("serve", "--once")
        }
        let listed = try lab.ok("policies").out
        #expect(listed.contains("last errors of p, most recent first:"))
        let lines = listed.split(separator: "\n").filter { $0.hasPrefix("  2026-") }
        #expect(lines.count == 3)
        #expect(lines.first?.hasSuffix("timer every 1m: \(lab.folder.path)/policies/p.lua:1: broken 08:04") == true, "\(listed)")
        let json = try lab.ok("policies", "--json").jsonArray()
        let recent = try #require(json.first?["recent_errors"] as? [[String: Any]])
        #expect(
            recent.map { $0["message"] as? String }
                == ["08:04", "08:03", "08:02"].map { "\(lab.folder.path)/policies/p.lua:1: broken \($0)" })
    }

    @Test func daemonLogLinesCarryTheEnginesTime() throws {
        let lab = try lab(policy: "every('1m', function() log.warn('tick') end)\n")
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("serve", "--once")
        lab.now = "2026-03-02T08:01:00Z"
        let result = try lab.ok("serve", "--once")
        #expect(result.err.contains("2026-03-02T08:01:00Z warning stationkeeper: policy p: tick"), "\(result.err)")
    }

    @Test func aSecondIdenticalTimerShowsItsOwnNextRun() throws {
        let lab = try lab(policy: "every('1h', function() end)\n")
        lab.now = "2026-03-02T08:10:00Z"
        try lab.ok("serve", "--once")  // saves p/every 1h → 09:00
        try Data("every('1h', function() end)\nevery('1h', function() end)\n".utf8)
            .write(to: lab.folder.appendingPathComponent("policies/p.lua"))
        lab.now = "2026-03-02T09:30:00Z"  // the first is overdue, the second is new
        let listed = try lab.ok("policies", "--json").jsonArray()
        let runs = (listed.first?["timers"] as? [[String: Any]])?.compactMap { $0["next_run"] as? String }
        #expect(runs == ["2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"])
    }

    @Test func checkWithAMissingConfigSaysSo() throws {
        let lab = try Lab()
        let result = try lab.run("policies", "check", "--config", "missing.lua", plain: true)
        #expect(result.status == 4)
        #expect(
            result.err
                == "stationctl: error: the config missing.lua (from --config) does not exist: write one with 'stationctl init', or fix the path\n"
        )
    }

    @Test func checkWithoutConfigOrFilesSaysWhatToPass() throws {
        let lab = try Lab()
        try FileManager.default.removeItem(at: lab.config)
        let result = try Lab.execute(["policies", "check"], in: lab.folder, environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 4)
        #expect(result.err.contains("no config found and no file given: pass files, or --config PATH"))
    }

    @Test(TestStores.sqliteOnly) func serveOnAStoreWhoseDaemonLockCannotBeMadeSaysWhy() throws {
        let lab = try Lab()
        try lab.ok("computers")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        // A folder where the lock file should be: the lock cannot be created, and nothing else holds it.
        try FileManager.default.createDirectory(atPath: lab.store.path + ".serve.lock", withIntermediateDirectories: false)
        let result = try lab.run("serve", "--once")
        #expect(result.status == 5)
        #expect(result.err.contains("cannot create the daemon's lock file") && result.err.contains("Is a directory"))
        #expect(!result.err.contains("already running"))
    }

    @Test func aQueryOrActionWhileTheFileLoadsIsRefusedWithAHint() throws {
        let lab = try lab(policy: "local ok, why = computer('LAB-1'):end_all()\nlog.warn(tostring(ok), why)\n")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let result = try lab.run("serve", "--once")
        #expect(result.status == 4)
        #expect(result.err.contains("p.lua:1: computer() is not available while a file loads: query in a hook, a timer or a command"))
        #expect(try lab.ok("sessions", "--json").jsonArray().count == 1)
    }
}
