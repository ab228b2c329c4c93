import Foundation
import StoreTestSupport
import Testing

/// Issue 11: damage and lost files are noticed, and said with their real cause; backups and checks.
@Suite struct StoreSafetyTests {
    @Test(TestStores.sqliteOnly) func checkStorePassesOnASoundStoreAndFindsAJournalGap() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("sign-out", "alice@LAB-1")
        let sound = try lab.run("check-store")
        #expect(sound.status == 0)
        #expect(sound.out == "ok: SQLite integrity_check\nok: journal sequence\nok: sessions and stations\n")
        // Lose event 2, as a broken copy would (the journal's own triggers refuse deletes).
        try sqlite(lab.store.path, "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 2;")
        let broken = try lab.run("check-store", "--json")
        #expect(broken.status == 5)
        let findings = try broken.jsonArray()
        #expect(findings.map { $0["ok"] as? Bool } == [true, false, false])
        #expect((findings[1]["problems"] as? [String])?.first == "1 event(s) missing between 1 and 3, first after: 1")
        #expect((findings[2]["problems"] as? [String])?.first == "session 2 is live but the journal has no sign-in for it")
    }

    @Test(TestStores.sqliteOnly) func backupCopiesEverythingAndRefusesToOverwrite() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let copy = lab.folder.appendingPathComponent("copy.db").path
        let result = try lab.run("backup", copy)
        #expect(result.status == 0 && result.out == "backed up \(lab.store.path) to \(copy)\n")
        let fromCopy = try Lab.execute(
            ["sessions", "--json", "--config", lab.config.path, "--store", copy], in: lab.folder,
            environment: ProcessInfo.processInfo.environment)
        #expect(try fromCopy.jsonArray().map { $0["user"] as? String } == ["alice"])
        let again = try lab.run("backup", copy)
        #expect(again.status == 5 && again.err.contains("already exists: back up to a new file (nothing was written)"))
    }

    @Test(TestStores.sqliteOnly) func theDaemonRefusesADamagedStore() throws {
        let lab = try Lab(config: "computer \"LAB-1\" { stations = 40 }\n")
        for index in 1...40 { try lab.ok("sign-in", "user\(index)", "--station", "LAB-1/\(index)") }
        try sqlite(lab.store.path, "PRAGMA wal_checkpoint(TRUNCATE);")
        // Garbage over two pages in the middle of the file.
        let handle = try FileHandle(forUpdating: lab.store)
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2 - 4096)
        handle.write(Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 13) }))
        try handle.close()
        // Refused with the real cause: at the quick_check, or at the first read of a damaged page.
        let serve = try lab.run("serve", "--once")
        #expect(serve.status == 5)
        #expect(
            serve.err.contains("fails SQLite's quick_check") || serve.err.contains("is damaged (database disk image is malformed)"),
            "\(serve.err)")
        #expect(serve.err.contains("check-store") && serve.err.contains("backup"))
        let checked = try lab.run("check-store")
        #expect(checked.status == 5)
        #expect(
            checked.out.contains("FAILED: SQLite integrity_check") || checked.err.contains("is damaged"), "\(checked.out)\(checked.err)")
    }

    @Test(TestStores.sqliteOnly) func theDaemonStopsWhenItsWalFileIsRemoved() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let (daemon, errors) = try lab.startDaemon()
        defer { Lab.stop(daemon) }
        Thread.sleep(forTimeInterval: 0.5)
        try FileManager.default.removeItem(atPath: lab.store.path + "-wal")
        try waitFor { !daemon.isRunning }
        #expect(daemon.terminationStatus == 5)
        let log = try String(contentsOf: errors, encoding: .utf8)
        #expect(
            log.contains("state.db-wal was removed while the daemon ran: it stops so that no commit goes to a file nobody reads"), "\(log)")
    }

    @Test(TestStores.sqliteOnly) func anEmptyStoreFileIsRefusedNotRecreated() throws {
        let lab = try Lab()
        #expect(FileManager.default.createFile(atPath: lab.store.path, contents: Data()))
        let result = try lab.run("sign-in", "alice", "--station", "LAB-1/1")
        #expect(result.status == 5)
        #expect(result.err.contains("is an empty file (0 bytes), not a Stationkeeper store"))
        #expect((try FileManager.default.attributesOfItem(atPath: lab.store.path)[.size] as? Int) == 0)
    }

    /// Runs SQL on a store with the sqlite3 shell (as an admin repairing it by hand would).
    func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw HarnessError("sqlite3 failed on \(sql)") }
    }
}
