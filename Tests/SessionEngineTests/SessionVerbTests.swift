import Foundation
import Testing

@testable import SessionEngine

@Suite struct SessionVerbTests {
    @Test func lockAndUnlock() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        lab.advance(60)
        let locked = try lab.run(.lock(.id(s.id)), as: .user)
        #expect(locked.events.map(\.name) == [.locked])
        #expect(try lab.status("LAB-1/1") == .locked)
        #expect(lab.session(s.id)?.stateSince == lab.now)
        lab.advance(600)
        try lab.run(.unlock(.user("alice", computer: "LAB-1")), as: .user)
        #expect(try lab.status("LAB-1/1") == .inUse)
        #expect(lab.session(s.id)?.lastActivity == lab.now)
        #expect(lab.session(s.id)?.state == .active)
    }

    @Test func lockAndUnlockRefusalsNameTheState() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        #expect(throws: EngineError.refused("session 1 (alice@LAB-1) is active: only a locked session can be unlocked")) {
            try lab.run(.unlock(.id(s.id)), as: .user)
        }
        try lab.run(.disconnect(.id(s.id)), as: .user)
        #expect(throws: EngineError.refused("session 1 (alice@LAB-1) is suspended: only an active session can be locked")) {
            try lab.run(.lock(.id(s.id)), as: .user)
        }
    }

    @Test func disconnectSuspendsByTheUserAndFreesTheStation() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.lock(.id(s.id)), as: .user)
        let outcome = try lab.run(.disconnect(.id(s.id)), as: .user)
        let event = try #require(outcome.events.first)
        #expect(event.name == .suspended && event.from?.text == "locked" && event.to?.text == "suspended")
        #expect(event.station?.description == "LAB-1/1")
        let session = try #require(lab.session(s.id))
        #expect(session.state == .suspended && session.suspendedBy == .user && session.station == nil)
        #expect(try lab.status("LAB-1/1") == .available)
        #expect(throws: EngineError.self) { try lab.run(.disconnect(.id(s.id)), as: .user) }
    }

    @Test func signOutEndsTheSession() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        let outcome = try lab.run(.signOut(.id(s.id)), as: .user)
        #expect(outcome.events.first?.name == .ended && outcome.events.first?.detail?.text == "sign_out")
        #expect(lab.session(s.id)?.state == .ended)
        #expect(lab.state.liveSessions().isEmpty)
        #expect(try lab.status("LAB-1/1") == .available)
    }

    @Test func aSuspendedSessionCannotSignOut() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.disconnect(.id(s.id)), as: .user)
        #expect(throws: EngineError.refused("session 1 (alice@LAB-1) is suspended: sign in to reconnect first, or an admin can end it")) {
            try lab.run(.signOut(.id(s.id)), as: .user)
        }
    }

    @Test func activityMovesLastActivityOnlyForActiveSessions() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        lab.advance(300)
        let outcome = try lab.run(.activity(.id(s.id)), as: .user)
        #expect(outcome.events.isEmpty)
        #expect(lab.session(s.id)?.lastActivity == lab.now)
        #expect(lab.session(s.id)?.stateSince == lab.now - 300)
        try lab.run(.lock(.id(s.id)), as: .user)
        #expect(throws: EngineError.self) { try lab.run(.activity(.id(s.id)), as: .user) }
    }

    @Test func adminSuspendRecordsWhoAndAllowsReconnect() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        let outcome = try lab.run(.suspend([.id(s.id)]), as: .admin("rivera"), reason: "lunch")
        #expect(outcome.events.first?.actor == .admin("rivera") && outcome.events.first?.reason == "lunch")
        #expect(lab.session(s.id)?.suspendedBy == .admin)
        try lab.run(.signIn(user: "alice", station: StationID(parsing: "LAB-1/2")), as: .user)
        #expect(lab.session(s.id)?.state == .active && lab.session(s.id)?.station == "2")
    }

    @Test func suspendingASuspendedSessionIsRefused() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.suspend([.id(s.id)]), as: .policy("tidy"))
        #expect(lab.session(s.id)?.suspendedBy == .policy)
        #expect(throws: EngineError.refused("session 1 (alice@LAB-1) is already suspended")) {
            try lab.run(.suspend([.id(s.id)]))
        }
    }

    @Test func suspendByStation() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/2")
        try lab.run(.suspendStation(StationID(parsing: "LAB-1/2")))
        #expect(lab.session(s.id)?.state == .suspended)
        #expect(throws: EngineError.refused("no session on station LAB-1/2: it is available")) {
            try lab.run(.suspendStation(StationID(parsing: "LAB-1/2")))
        }
    }

    @Test func explicitListsAreAllOrNothing() throws {
        var lab = Lab()
        let a = try lab.signIn("alice", "LAB-1/1")
        let b = try lab.signIn("bob", "LAB-1/2")
        try lab.run(.disconnect(.id(b.id)), as: .user)
        #expect(throws: EngineError.self) { try lab.run(.suspend([.id(a.id), .id(b.id)])) }
        #expect(lab.session(a.id)?.state == .active)
        #expect(throws: EngineError.unknown("no session 99")) { try lab.run(.end([.id(a.id), .id(99)])) }
        #expect(lab.session(a.id)?.state == .active)
    }

    @Test func endWorksFromEveryLiveState() throws {
        var lab = Lab()
        let a = try lab.signIn("alice", "LAB-1/1")
        let b = try lab.signIn("bob", "LAB-1/2")
        let c = try lab.signIn("carol", "LAB-1/3")
        try lab.run(.lock(.id(b.id)), as: .user)
        try lab.run(.disconnect(.id(c.id)), as: .user)
        let outcome = try lab.run(.end([.id(a.id), .id(b.id), .id(c.id)]))
        #expect(outcome.events.map(\.from?.text) == ["active", "locked", "suspended"])
        #expect(outcome.events.allSatisfy { $0.name == .ended && $0.detail?.text == "end" })
        #expect(lab.state.liveSessions().isEmpty)
    }

    @Test func actingOnAnEndedSessionIsRefusedNamingTheState() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        try lab.run(.end([.id(s.id)]))
        #expect(throws: EngineError.refused("session 1 (alice@LAB-1) is ended")) { try lab.run(.lock(.id(s.id)), as: .user) }
        #expect(throws: EngineError.refused("session 1 (alice@LAB-1) is ended")) { try lab.run(.end([.id(s.id)])) }
        #expect(throws: EngineError.unknown("alice has no live session on LAB-1")) {
            try lab.run(.end([.user("alice", computer: "LAB-1")]))
        }
    }

    @Test func endedSessionsOutsideTheSliceAreExplainedByHistory() throws {
        struct History: SessionHistory {
            func endedSessionSummary(_ id: Int64) -> String? { id == 7 ? "signed out at 09:00" : nil }
        }
        var state = Lab().state
        #expect(throws: EngineError.refused("session 7 is ended (signed out at 09:00); nothing can be done to it")) {
            try Engine.apply(.end([.id(7)]), actor: .admin(nil), at: Date(), to: &state, history: History()) { 1 }
        }
    }
}
