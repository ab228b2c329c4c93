import Foundation
import Testing

@testable import SessionEngine

@Suite struct SignInTests {
    @Test func newSessionTakesTheStation() throws {
        var lab = Lab()
        let session = try lab.signIn("alice", "LAB-1/1")
        #expect(session.state == .active)
        #expect(session.station == "1")
        #expect(try lab.status("LAB-1/1") == .inUse)
        #expect(session.stateSince == lab.now && session.lastActivity == lab.now)
    }

    @Test func signInJournalsSignedInWithTheUserAsActor() throws {
        var lab = Lab()
        let outcome = try lab.run(.signIn(user: "alice", station: StationID(parsing: "LAB-1/2")), as: .user, reason: "class")
        let event = try #require(outcome.events.first)
        #expect(outcome.events.count == 1)
        #expect(event.name == .signedIn && event.actor == .user && event.reason == "class")
        #expect(event.station?.description == "LAB-1/2" && event.user == "alice" && event.from?.text == nil && event.to?.text == "active")
    }

    @Test func reconnectResumesTheSuspendedSessionAtAnyStation() throws {
        var lab = Lab()
        let first = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.disconnect(.id(first.id)), as: .user)
        #expect(try lab.status("LAB-1/1") == .available)
        let outcome = try lab.run(.signIn(user: "alice", station: StationID(parsing: "LAB-1/3")), as: .user)
        #expect(outcome.events.map(\.name) == [.reconnected])
        let session = try #require(lab.session(first.id))
        #expect(session.state == .active && session.station == "3" && session.suspendedBy == nil)
        #expect(lab.state.sessions.count == 1)
    }

    @Test func signingInElsewhereOnTheSameComputerMovesTheLiveSession() throws {
        var lab = Lab()
        let first = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.lock(.id(first.id)), as: .user)
        let outcome = try lab.run(.signIn(user: "alice", station: StationID(parsing: "LAB-1/4")), as: .user)
        #expect(outcome.events.map(\.name) == [.moved])
        #expect(outcome.events.first?.detail?.text == "from LAB-1/1")
        #expect(outcome.events.first?.from?.text == "locked")
        #expect(try lab.status("LAB-1/1") == .available)
        #expect(try lab.status("LAB-1/4") == .inUse)
        #expect(lab.session(first.id)?.state == .active)
    }

    @Test func aUserMayHaveOneSessionPerComputer() throws {
        var lab = Lab()
        let one = try lab.signIn("alice", "LAB-1/1")
        let two = try lab.signIn("alice", "LAB-2/front")
        #expect(one.id != two.id)
        #expect(lab.state.liveSessions().count == 2)
    }

    @Test func refusedAtATakenStation() throws {
        var lab = Lab()
        _ = try lab.signIn("alice", "LAB-1/1")
        #expect(throws: EngineError.refused("station LAB-1/1 is taken: alice@LAB-1 is active there")) {
            try lab.run(.signIn(user: "bob", station: StationID(parsing: "LAB-1/1")), as: .user)
        }
    }

    @Test func refusedWhereTheUserAlreadyIs() throws {
        var lab = Lab()
        let session = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.lock(.id(session.id)), as: .user)
        #expect(throws: EngineError.refused("alice is already signed in at LAB-1/1 (locked); unlock it instead")) {
            try lab.run(.signIn(user: "alice", station: StationID(parsing: "LAB-1/1")), as: .user)
        }
    }

    @Test func refusedAtABlockedStation() throws {
        var lab = Lab()
        try lab.run(.block([StationID(parsing: "LAB-1/2")], message: "Out of order"))
        #expect(
            throws: EngineError.refused("station LAB-1/2 is blocked (\"Out of order\"): nobody can sign in there until it is unblocked")
        ) {
            try lab.run(.signIn(user: "bob", station: StationID(parsing: "LAB-1/2")), as: .user)
        }
    }

    @Test func refusedOnAComputerThatIsOff() throws {
        var lab = Lab()
        try lab.run(.shutdown(computer: "LAB-2"))
        #expect(throws: EngineError.refused("computer LAB-2 is off: start it first with 'stationctl start LAB-2'")) {
            try lab.run(.signIn(user: "bob", station: StationID(parsing: "LAB-2/front")), as: .user)
        }
    }

    @Test func unknownComputerStationAndBadNames() throws {
        var lab = Lab()
        #expect(throws: EngineError.unknown("no computer 'LAB-9' in the config (known here: LAB-1, LAB-2)")) {
            try lab.run(.signIn(user: "bob", station: StationID(parsing: "LAB-9/1")), as: .user)
        }
        #expect(throws: EngineError.unknown("no station '9' on LAB-1 (its stations: 1, 2, 3, 4)")) {
            try lab.run(.signIn(user: "bob", station: StationID(parsing: "LAB-1/9")), as: .user)
        }
        #expect(throws: EngineError.self) {
            try lab.run(.signIn(user: "bad user", station: StationID(parsing: "LAB-1/1")), as: .user)
        }
        #expect(throws: EngineError.self) { try StationID(parsing: "LAB-1") }
        #expect(throws: EngineError.self) { try SessionRef(parsing: "alice") }
        #expect(try SessionRef(parsing: "alice@LAB-1") == .user("alice", computer: "LAB-1"))
        #expect(try SessionRef(parsing: "42") == .id(42))
    }
}
