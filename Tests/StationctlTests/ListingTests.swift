import Foundation
import Testing

@Suite struct ListingTests {
    @Test func computersJSONShape() throws {
        let lab = try Lab()
        let computers = try lab.ok("computers", "--json").jsonArray()
        #expect(computers.map { Set($0.keys) } == Array(repeating: ["name", "power", "shutdown_at", "stations", "sessions"], count: 2))
        #expect(computers.map { $0["name"] as? String } == ["LAB-1", "LAB-2"])
        #expect(computers.first?["stations"] as? Int == 4)
        #expect(computers.first?["power"] as? String == "running")
        #expect(computers.first?["shutdown_at"] is NSNull)
    }

    @Test func stationsJSONShapeAndStatuses() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("lock", "bob@LAB-1")
        try lab.ok("block", "LAB-1/3", "--message", "Broken")
        let stations = try lab.ok("stations", "--computer", "LAB-1", "--json").jsonArray()
        #expect(Set(stations[0].keys) == ["id", "computer", "name", "status", "session", "user"])
        #expect(stations.map { $0["status"] as? String } == ["in_use", "locked", "blocked", "available"])
        #expect(stations.map { $0["id"] as? String } == ["LAB-1/1", "LAB-1/2", "LAB-1/3", "LAB-1/4"])
        #expect(stations[0]["user"] as? String == "alice" && stations[0]["session"] as? Int == 1)
        #expect(stations[3]["user"] is NSNull && stations[3]["session"] is NSNull)
        let human = try lab.ok("stations", "--computer", "LAB-1").out
        let line = human.split(separator: "\n").first { $0.hasPrefix("LAB-1/3") }.map { $0.split(separator: " ") }
        #expect(line == ["LAB-1/3", "blocked", "-", "-", "Broken"])
    }

    @Test func sessionsJSONShapeFiltersAndTimes() throws {
        let lab = try Lab()
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-2/front")
        lab.now = "2026-03-02T08:10:00Z"
        try lab.ok("disconnect", "bob@LAB-2")
        lab.now = "2026-03-02T10:15:00Z"
        let all = try lab.ok("sessions", "--json").jsonArray()
        #expect(
            all.map { Set($0.keys) }
                == Array(
                    repeating: [
                        "id", "user", "computer", "station", "state", "suspended_by", "state_since", "last_activity", "idle_seconds",
                    ], count: 2))
        let bob = try #require(all.last)
        #expect(bob["station"] is NSNull && bob["state"] as? String == "suspended" && bob["suspended_by"] as? String == "user")
        #expect(bob["state_since"] as? String == "2026-03-02T08:10:00Z")
        #expect(bob["last_activity"] as? String == "2026-03-02T08:00:00Z")
        #expect(all.first?["idle_seconds"] as? Int == 8100)
        #expect(try lab.ok("sessions", "--state", "suspended", "--json").jsonArray().map { $0["user"] as? String } == ["bob"])
        #expect(try lab.ok("sessions", "--computer", "LAB-1", "--json").jsonArray().count == 1)
        #expect(try lab.ok("sessions", "--user", "bob", "--json").jsonArray().count == 1)
        let human = try lab.ok("sessions").out
        #expect(human.contains("suspended 2h 05m by user"))
        #expect(human.contains("active 2h 15m"))
    }

    @Test func showOneSession() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/2")
        let shown = try lab.ok("show", "alice@LAB-1", "--json").json() as? [String: Any]
        #expect(shown?["id"] as? Int == 1 && shown?["station"] as? String == "LAB-1/2")
        #expect(try lab.ok("show", "1").out.contains("alice@LAB-1"))
        try lab.ok("sign-out", "1")
        let gone = try lab.run("show", "1")
        #expect(gone.status == 3)
        #expect(gone.err.contains("session 1 is ended (alice@LAB-1, sign_out at"))
    }

    @Test func journalJSONShapeActorsReasonsAndFilters() throws {
        let lab = try Lab()
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1", "--reason", "first class")
        lab.now = "2026-03-02T09:00:00Z"
        try lab.ok("suspend", "alice@LAB-1", "--reason", "lunch")
        try lab.ok("sign-in", "bob", "--station", "LAB-2/back")
        lab.now = "2026-03-02T09:30:00Z"
        let events = try lab.ok("journal", "--json").jsonArray()
        #expect(
            Set(events[0].keys).isSuperset(of: [
                "seq", "at", "event", "session", "user", "computer", "station", "from", "to", "actor", "reason",
            ]))
        #expect(events.map { $0["event"] as? String } == ["signed_in", "suspended", "signed_in"])
        #expect(events.map { $0["actor"] as? String } == ["user", Lab.admin(), "user"])
        #expect(events.map { $0["reason"] as? String } == ["first class", "lunch", nil])
        #expect(events[1]["from"] as? String == "active" && events[1]["to"] as? String == "suspended")
        #expect(events[1]["at"] as? String == "2026-03-02T09:00:00Z")
        #expect(events.map { $0["seq"] as? Int } == [1, 2, 3])
        #expect(try lab.ok("journal", "--session", "1", "--json").jsonArray().count == 2)
        #expect(try lab.ok("journal", "--computer", "LAB-2", "--json").jsonArray().count == 1)
        #expect(try lab.ok("journal", "--since", "45m", "--json").jsonArray().count == 2)
        #expect(try lab.ok("journal", "--limit", "1", "--json").jsonArray().first?["user"] as? String == "bob")
        #expect(try lab.run("journal", "--since", "yesterday").status == 64)
    }
}
