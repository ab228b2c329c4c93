import Foundation
import Testing

@Suite struct ActionTests {
    @Test func everyUserVerbThroughTheCLI() throws {
        let lab = try Lab()
        #expect(try lab.ok("sign-in", "alice", "--station", "LAB-1/1").out.contains("signed in alice at LAB-1/1: session 1"))
        try lab.ok("lock", "alice@LAB-1")
        try lab.ok("unlock", "1")
        try lab.ok("activity", "1")
        try lab.ok("disconnect", "1")
        #expect(try lab.ok("sign-in", "alice", "--station", "LAB-1/3").out.contains("reconnected session 1"))
        #expect(try lab.ok("sign-in", "alice", "--station", "LAB-1/4").out.contains("moved session 1"))
        try lab.ok("sign-out", "alice@LAB-1")
        let names = try lab.ok("journal", "--json").jsonArray().map { $0["event"] as? String }
        #expect(names == ["signed_in", "locked", "unlocked", "suspended", "reconnected", "moved", "ended"])
    }

    @Test func refusalsExitThreeNameTheStateAndChangeNothing() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let before = try lab.ok("journal", "--json").out
        let unlock = try lab.run("unlock", "alice@LAB-1")
        #expect(unlock.status == 3)
        #expect(unlock.err == "stationctl: error: session 1 (alice@LAB-1) is active: only a locked session can be unlocked\n")
        #expect(try lab.run("sign-in", "bob", "--station", "LAB-1/1").status == 3)
        #expect(try lab.run("start", "LAB-1").status == 3)
        #expect(try lab.ok("journal", "--json").out == before)
    }

    @Test func unknownNamesExitTwo() throws {
        let lab = try Lab()
        let station = try lab.run("sign-in", "bob", "--station", "LAB-1/9")
        #expect(station.status == 2)
        #expect(station.err.contains("no station '9' on LAB-1 (its stations: 1, 2, 3, 4)"))
        #expect(try lab.run("lock", "42").status == 2)
        #expect(try lab.run("shutdown", "LAB-7").status == 2)
        #expect(try lab.run("end", "zed@LAB-1").status == 2)
    }

    @Test func usageErrorsExitSixtyFour() throws {
        let lab = try Lab()
        #expect(try lab.run("lock", "alice").status == 64)
        #expect(try lab.run("sign-in", "alice", "--station", "LAB-1").status == 64)
        #expect(try lab.run("suspend").status == 64)
        #expect(try lab.run("end", "1", "--all").status == 64)
        #expect(try lab.run("sessions", "--state", "sleeping").status == 64)
        #expect(try lab.run("frobnicate").status == 64)
    }

    @Test func dryRunSaysWhatAndChangesNothing() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let dry = try lab.ok("shutdown", "LAB-1", "--dry-run")
        #expect(dry.out.contains("would have ended session 1 (alice@LAB-1) (shutdown), was active"))
        #expect(dry.out.contains("dry run: nothing was changed"))
        #expect(try lab.ok("computers", "--json").jsonArray().first?["power"] as? String == "running")
        #expect(try lab.ok("journal", "--json").jsonArray().count == 1)
        let json = try lab.ok("end", "--all", "--dry-run", "--json").json() as? [String: Any]
        #expect(json?["dry_run"] as? Bool == true)
        #expect((json?["events"] as? [Any])?.count == 1)
        #expect(try lab.ok("sessions", "--json").jsonArray().count == 1)
    }

    @Test func bulkVerbsReportWhatTheySkipped() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("disconnect", "bob@LAB-1")
        let out = try lab.ok("suspend", "--computer", "LAB-1", "--all").out
        #expect(out.contains("suspended session 1 (alice@LAB-1)"))
        #expect(out.contains("skipped 1:\n  bob@LAB-1: already suspended"))
        let again = try lab.run("suspend", "--computer", "LAB-1", "--all")
        #expect(again.status == 3)
        #expect(again.out.contains("skipped 2:"))
        let blocked = try lab.ok("block", "--computer", "LAB-2", "--all", "--message", "Exam").out
        #expect(blocked.contains("blocked LAB-2/front (\"Exam\")"))
        try lab.ok("unblock", "LAB-2/back")
        let unblocked = try lab.ok("unblock", "--computer", "LAB-2", "--all").out
        #expect(unblocked.contains("skipped 1:\n  LAB-2/back: not blocked"))
        #expect(try lab.ok("end", "--all").out.contains("ended session 2 (bob@LAB-1) (end), was suspended"))
        #expect(try lab.ok("end", "--all").out == "no live session to end\n")
    }

    @Test func blockedStationsRefuseSignInButKeepTheirSession() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("block", "LAB-1/1", "LAB-1/2")
        #expect(try lab.run("sign-in", "bob", "--station", "LAB-1/2").err.contains("is blocked (\"Station blocked\")"))
        #expect(try lab.ok("sessions", "--json").jsonArray().first?["state"] as? String == "active")
        try lab.ok("unblock", "LAB-1/1", "LAB-1/2")
        #expect(try lab.ok("stations", "--json").jsonArray().first?["status"] as? String == "in_use")
    }

    @Test func shutdownRestartStart() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("disconnect", "bob@LAB-1")
        let out = try lab.ok("shutdown", "LAB-1", "--reason", "maintenance").out
        #expect(out.contains("shut down LAB-1: 2 session(s) ended, 1 of them suspended (unsaved work lost)"))
        #expect(try lab.run("sign-in", "alice", "--station", "LAB-1/1").status == 3)
        try lab.ok("start", "LAB-1")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("restart", "LAB-1")
        #expect(try lab.ok("sessions", "--json").jsonArray().isEmpty)
        let events = try lab.ok("journal", "--json").jsonArray().map { $0["event"] as? String ?? "" }
        #expect(events.suffix(5) == ["computer_shutdown", "computer_started", "signed_in", "ended", "computer_restarted"])
    }
}
