import Foundation
import StoreTestSupport
import Testing

/// `stationctl` journals the Unix user who ran it as the actor, `admin:NAME`.
@Suite struct OperatorTests {
    @Test func anAdminCommandIsJournaledWithTheUnixUserWhoRanItAndPoliciesSeeIt() throws {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"by-whom\" {}\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(
            """
            on("suspended", function(e)
              if e.actor:match("^admin") then log.warn("suspended by " .. e.actor) end
            end)

            """.utf8
        ).write(to: folder.appendingPathComponent("by-whom.lua"))
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("suspend", "alice@LAB-1", "--reason", "lunch")
        try lab.ok("block", "LAB-1/2", "--message", "Broken screen")

        let journal = try lab.ok("journal", "--json").jsonArray()
        #expect(journal.map { $0["actor"] as? String } == ["user", Lab.admin(), Lab.admin()])
        #expect(try lab.ok("journal").out.contains(" \(Lab.admin()) "), "the table shows the name too")
        #expect((try lab.ok("show", "alice@LAB-1", "--json").json() as? [String: Any])?["suspended_by"] as? String == "admin")

        let served = try lab.ok("serve", "--once")
        #expect(served.err.contains("suspended by \(Lab.admin())"), "\(served.err)")
    }

    /// `SUDO_USER` names the person only when root runs `stationctl` (sudo set it); anyone else could set it.
    @Test(arguments: ["rivera", "", "a b"])
    func sudoUserIsTrustedOnlyForRootAndOnlyWhenItIsAName(sudoUser: String) throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        #expect(try lab.run("message", "alice@LAB-1", "hello", environment: ["SUDO_USER": sudoUser]).status == 0)
        let expected = getuid() == 0 && sudoUser == "rivera" ? "admin:rivera" : Lab.admin(sudoUser: nil)
        #expect(try lab.ok("messages", "alice@LAB-1", "--json").jsonArray().map { $0["actor"] as? String } == [expected])
    }

    @Test(TestStores.sqliteOnly) func aJournalWrittenBeforeAdminsHadNamesStillReads() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("message", "alice@LAB-1", "hello")
        // The same message as an older stationctl journaled it: actor `admin`.
        let sqlite = try Lab.execute(
            [
                lab.store.path,
                """
                INSERT INTO journal (at, event, session, user, computer, station, actor, detail, depth)
                SELECT at + 1, event, session, user, computer, station, 'admin', 'from before', depth FROM journal WHERE seq = 2
                """,
            ], in: lab.folder, environment: [:], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(sqlite.status == 0, "\(sqlite.err)")
        let messages = try lab.ok("messages", "alice@LAB-1", "--json").jsonArray()
        #expect(messages.map { $0["actor"] as? String } == [Lab.admin(), "admin"])
        #expect(messages.map { $0["text"] as? String } == ["hello", "from before"])
        #expect(try lab.ok("journal", "--json").jsonArray().map { $0["actor"] as? String } == ["user", Lab.admin(), "admin"])
    }
}
