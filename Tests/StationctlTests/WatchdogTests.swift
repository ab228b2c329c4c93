import Foundation
import SessionEngine
import StoreTestSupport
import Testing

/// The daemon never hangs on a policy, and never runs into the same stuck call twice (issue 9).
@Suite struct WatchdogTests {
    func lab(hook: String) throws -> Lab {
        let lab = try Lab(config: Lab.standardConfig + "\nplugin \"slow\" { allow = { \"exec\" } }\npolicy \"fine\" {}\n")
        for (folder, name, source) in [
            ("plugins", "slow", "on('signed_in', function(e)\n  \(hook)\nend)\n"),
            ("policies", "fine", "on('signed_in', function(e) session(e.session):message('welcome') end)\n"),
        ] {
            let url = lab.folder.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data(source.utf8).write(to: url.appendingPathComponent("\(name).lua"))
        }
        return lab
    }

    @Test func aHookWaitingOnAProgramIsStoppedAfterTwoSeconds() throws {
        let lab = try lab(hook: "exec{ program = '/bin/sleep', args = { '30' }, timeout = '60s' }")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let started = Date()
        try lab.ok("serve", "--once")
        #expect(Date().timeIntervalSince(started) < 6)
        let journal = try lab.ok("journal", "--json").jsonArray()
        #expect(journal.contains { ($0["detail"] as? String)?.contains("stopped: the call ran longer than its time limit") == true })
        #expect(journal.contains { ($0["detail"] as? String)?.hasSuffix("killed: the policy call was stopped") == true })
        #expect(try lab.ok("messages", "alice@LAB-1", "--json").jsonArray().count == 1, "the other policy still served")
    }

    @Test func sigtermIsHonouredWhileAPolicyWaits() throws {
        let lab = try lab(hook: "exec{ program = '/bin/sleep', args = { '30' }, timeout = '60s' }")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let (daemon, _) = try lab.startDaemon()
        Thread.sleep(forTimeInterval: 0.7)  // the hook is waiting on sleep
        let signalled = Date()
        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(Date().timeIntervalSince(signalled) < 3)
        #expect(daemon.terminationStatus == 0)
    }

    /// Where a daemon records a stuck call: beside a SQLite store, in the machine's state folder
    /// (root's, here) for a PostgreSQL one, named after its URL.
    func stuckRecord(_ lab: Lab) -> String {
        guard TestStores.onPostgres else { return lab.store.path + ".stuck" }
        var digest = Digest()
        digest.add(lab.storeLocation.utf8)
        return "/var/lib/stationkeeper/district-\(digest.text).stuck"
    }

    @Test(.enabled(if: !TestStores.onPostgres || getuid() == 0, "the record of a PostgreSQL store's daemon is in root's state folder"))
    func aCallRecordedAsStuckIsSkippedAndReportedAfterTheRestart() throws {
        let lab = try lab(hook: "session(e.session):message('slow saw ' .. e.seq)")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        // What a daemon writes before exiting when it could not stop a call.
        let record = #"{"policy": "slow", "call": "hook signed_in (event 1)", "event": "signed_in", "seq": 1, "seconds": 4.2}"#
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: stuckRecord(lab)).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(record.utf8).write(to: URL(fileURLWithPath: stuckRecord(lab)))
        try lab.ok("serve", "--once")
        let texts = try lab.ok("messages", "alice@LAB-1", "--json").jsonArray().compactMap { $0["text"] as? String }
        #expect(texts == ["welcome"], "the stuck hook is not run again for event 1")
        let errors = try lab.ok("journal", "--json").jsonArray().filter { $0["event"] as? String == "policy_error" }
        #expect(
            errors.first?["detail"] as? String
                == "the watchdog could not stop it after 4.2 s, so the daemon exited; after the restart its hooks are not run for this event"
        )
        #expect(!FileManager.default.fileExists(atPath: stuckRecord(lab)))
        let listed = try lab.ok("policies", "--json").jsonArray().first { $0["name"] as? String == "slow" }
        #expect(listed?["state"] as? String == "failing")
        // The next event reaches it again.
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("serve", "--once")
        #expect(try lab.ok("messages", "bob@LAB-1", "--json").jsonArray().count == 2)
    }
}
