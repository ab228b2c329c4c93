import Foundation
import PostgresClient
import StoreTestSupport
import Testing

/// Several `stationctl serve` on one PostgreSQL store (waits are long: under the whole suite's
/// load a debug `stationctl` takes seconds to start): each serves the computers it holds the
/// lock of, and when one is killed another takes its computers over and finishes its events.
@Suite(.serialized, .enabled(if: TestServer.current != nil, "needs the test PostgreSQL: run scripts/pg-up as root"))
struct DistrictTests {
    static let computers = ["A-1", "A-2", "B-1", "B-2"]

    /// A district lab on a fresh schema, its one policy (called greeter) of `source`.
    func district(policy source: String) throws -> Lab {
        let config =
            Self.computers.map { "computer \"\($0)\" { stations = 30 }" }.joined(separator: "\n") + "\npolicy \"greeter\" {}\n"
        let lab = try Lab(config: config, store: TestStores.freshSchemaURL())
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: folder.appendingPathComponent("greeter.lua"))
        try lab.ok("computers")
        return lab
    }

    static let greeter = DaemonTests.greeter
    /// The same, after about a million Lua instructions per event (half the limit of one call).
    static let slowGreeter =
        "on('signed_in', function(e) local n = 0 for i = 1, 450000 do n = n + i end session(e.session):message('welcome ' .. e.user) end)"

    /// A daemon that serves every computer, then a standby (running, its policies loaded, serving none).
    func startWithStandby(_ lab: Lab) throws -> (first: (process: Process, log: URL), standby: (process: Process, log: URL)) {
        let first = try lab.startDaemon([], log: "first.log")
        do {
            try waitFor(seconds: 30) { log(first.log).contains("now serving") }
            let standby = try lab.startDaemon([], log: "standby.log")
            do {
                try waitFor(seconds: 30) { log(standby.log).contains("policies and plugins loaded") }
            } catch {
                Lab.stop(standby.process)
                throw error
            }
            return (first, standby)
        } catch {
            Lab.stop(first.process)
            throw error
        }
    }

    func log(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    /// Session ids that have a welcome message in the journal (possibly more than one: at least once).
    func welcomed(_ lab: Lab) throws -> Set<Int> {
        let journal = try lab.ok("journal", "--limit", "0", "--json").jsonArray()
        return Set(journal.filter { $0["event"] as? String == "message_sent" }.compactMap { $0["session"] as? Int })
    }

    @Test func eachDaemonServesTheComputersOfItsPatternOnly() throws {
        let lab = try district(policy: Self.greeter)
        let a = try lab.startDaemon(["--computers", "A-*"], log: "a.log")
        defer { Lab.stop(a.process) }
        let b = try lab.startDaemon(["--computers", "B-*"], log: "b.log")
        defer { Lab.stop(b.process) }
        try waitFor(seconds: 30) { log(a.log).contains("A-1, A-2") && log(b.log).contains("B-1, B-2") }
        try lab.ok("sign-in", "alice", "--station", "A-1/1")
        try lab.ok("sign-in", "bob", "--station", "B-2/3")
        try waitFor(seconds: 30) { try welcomed(lab).count == 2 }
        // Each computer's cursor is its daemon's; no event was handed to a hook twice.
        let messages = try lab.ok("journal", "--limit", "0", "--json").jsonArray().filter { $0["event"] as? String == "message_sent" }
        #expect(messages.count == 2)
        #expect(!log(a.log).contains("B-1") && !log(b.log).contains("A-1"))
        // Who serves what, as the server sees it.
        let listed = try lab.ok("daemons", "--json").json() as? [String: Any]
        let daemons = listed?["daemons"] as? [[String: Any]] ?? []
        #expect(Set(daemons.compactMap { ($0["computers"] as? [String])?.joined(separator: ",") }) == ["A-1,A-2", "B-1,B-2"])
        #expect(daemons.allSatisfy { ($0["name"] as? String)?.hasPrefix("stationctl serve on ") == true })
        #expect((listed?["unserved"] as? [String]) == [])
        Lab.stop(b.process)
        b.process.waitUntilExit()
        try waitFor(seconds: 30) {
            try lab.ok("daemons").out.contains("not served (no daemon runs their hooks, timers or scheduled shutdowns): 2: B-1, B-2")
        }
    }

    /// A timer's actions and a scheduled shutdown happen in the daemon that serves the computer only.
    @Test func timersAndScheduledShutdownsRunInTheOwnerOnly() throws {
        let lab = try district(policy: DaemonTests.tidy)
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("sign-in", "alice", "--station", "A-1/1")
        try lab.ok("sign-in", "bob", "--station", "B-1/1")
        try lab.ok("disconnect", "alice@A-1")
        try lab.ok("disconnect", "bob@B-1")
        try lab.ok("shutdown", "B-2", "--in", "15m")
        // Each school's daemon starts its timers (the cron way: one pass each time).
        try lab.ok("serve", "--once", "--computers", "A-*")
        try lab.ok("serve", "--once", "--computers", "B-*")
        lab.now = "2026-03-02T10:01:00Z"
        let schoolA = try lab.ok("serve", "--once", "--computers", "A-*")
        #expect(schoolA.out.contains("carried out 0 scheduled shutdown(s)"))
        #expect(try lab.ok("sessions", "--json").jsonArray().compactMap { $0["user"] as? String } == ["bob"])
        let schoolB = try lab.ok("serve", "--once", "--computers", "B-*")
        #expect(schoolB.out.contains("carried out 1 scheduled shutdown(s)"))
        #expect(try lab.ok("sessions", "--json").jsonArray().isEmpty)
        let ended = try lab.ok("journal", "--json", "--limit", "0").jsonArray().filter {
            $0["reason"] as? String == "suspended longer than 2h"
        }
        #expect(ended.compactMap { $0["computer"] as? String } == ["A-1", "B-1"])
    }

    /// A daemon whose lock connection the server ends (a network cut, an admin's
    /// pg_terminate_backend) loses its computers: it says so, and afterwards each computer is
    /// served by one daemon (whichever took its lock first: it, connected again, or the standby),
    /// and an event reaches the hooks once.
    @Test func aDaemonThatLosesItsLockConnectionGivesItsComputersUp() throws {
        let lab = try district(policy: Self.greeter)
        let (first, standby) = try startWithStandby(lab)
        defer { Lab.stop(first.process) }
        defer { Lab.stop(standby.process) }
        let listed = try lab.ok("daemons", "--json").json() as? [String: Any]
        let pid = try #require((listed?["daemons"] as? [[String: Any]])?.first?["server_pid"] as? Int)
        let admin = try PostgresConnection(url: TestServer.current.map { $0.url + "?passfile=" + $0.passfile } ?? "")
        _ = try admin.execute("SELECT pg_terminate_backend($1)", [.int(Int64(pid))])
        try waitFor(seconds: 30) { log(first.log).contains("no longer serving") }
        // Served again, each computer by one daemon (whichever took its lock first).
        try waitFor(seconds: 30) {
            let daemons = (try lab.ok("daemons", "--json").json() as? [String: Any])?["daemons"] as? [[String: Any]] ?? []
            return daemons.flatMap { $0["computers"] as? [String] ?? [] }.sorted() == Self.computers
        }
        try lab.ok("sign-in", "zoe", "--station", "A-1/1")
        try waitFor(seconds: 30) { try welcomed(lab).count == 1 }
        Thread.sleep(forTimeInterval: 1)
        let messages = try lab.ok("journal", "--limit", "0", "--json").jsonArray().filter { $0["event"] as? String == "message_sent" }
        #expect(messages.count == 1, "the sign-in reached one daemon's hooks")
    }

    @Test func aPatternThatMatchesNoComputerIsAUsageError() throws {
        let lab = try district(policy: Self.greeter)
        let result = try lab.run("serve", "--once", "--computers", "C-*")
        #expect(result.status == 64)
        #expect(result.err.contains("--computers 'C-*' matches no computer of the config (its computers: A-1, A-2, B-1, B-2)"))
        let sqlite = try Lab()
        let refused = try sqlite.run(["serve", "--once", "--computers", "LAB-*"])
        #expect(refused.status == 64 && refused.err.contains("--computers is for a district's PostgreSQL store"))
    }

    @Test func aDaemonKilledMidDispatchIsTakenOverAndNothingIsLost() throws {
        let lab = try district(policy: Self.slowGreeter)
        for computer in Self.computers {
            for station in 1...25 {
                try lab.ok("sign-in", "u\(computer.lowercased())-\(station)", "--station", "\(computer)/\(station)")
            }
        }
        let sessions = try lab.ok("sessions", "--json").jsonArray().compactMap { $0["id"] as? Int }
        #expect(sessions.count == 100)
        let (first, standby) = try startWithStandby(lab)
        defer { Lab.stop(first.process) }
        defer { Lab.stop(standby.process) }
        #expect(!log(standby.log).contains("now serving"), "every computer is the first daemon's")
        // Kill it while it is working through the sign-ins.
        try waitFor(seconds: 30) { try !welcomed(lab).isEmpty }
        kill(first.process.processIdentifier, SIGKILL)
        let killed = Date()
        first.process.waitUntilExit()
        let doneBeforeKill = try welcomed(lab).count
        try waitFor(seconds: 30) { log(standby.log).contains("now serving") }
        let takeover = Date().timeIntervalSince(killed)
        #expect(takeover < 10, "the standby took the computers over after \(takeover) s")
        try waitFor(seconds: 30) { try welcomed(lab) == Set(sessions) }
        print(
            "district failover: \(doneBeforeKill) of 100 welcomed before the kill; standby serving after \(String(format: "%.2f", takeover)) s"
        )
        #expect(doneBeforeKill < 100, "the first daemon was killed mid-dispatch (else this test shows no takeover of work)")
    }
}

/// A PostgreSQL store's password is never shown, not even when the server cannot be reached.
@Suite struct DistrictURLTests {
    @Test func anUnreachableServerIsAOneLineStoreErrorWithoutThePassword() throws {
        let lab = try Lab(store: "postgresql://rivera:s3cret-pw@127.0.0.1:1/district?connect_timeout=2")
        let result = try lab.run("sessions")
        #expect(result.status == 5)
        #expect(result.err.contains("rivera@127.0.0.1:1/district"))
        #expect(!result.err.contains("s3cret-pw") && !result.out.contains("s3cret-pw"))
        #expect(result.err.split(separator: "\n").count == 1, "\(result.err)")
    }
}
