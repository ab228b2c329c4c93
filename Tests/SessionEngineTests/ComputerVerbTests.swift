import Foundation
import Testing

@testable import SessionEngine

@Suite struct ComputerVerbTests {
    @Test func suspendAllActsOnStationsAndReportsTheRest() throws {
        var lab = Lab()
        let a = try lab.signIn("alice", "LAB-1/1")
        let b = try lab.signIn("bob", "LAB-1/2")
        let other = try lab.signIn("carol", "LAB-2/front")
        try lab.run(.disconnect(.id(b.id)), as: .user)
        let outcome = try lab.run(.suspendAll(computer: "LAB-1"))
        #expect(outcome.events.map(\.session) == [a.id])
        #expect(outcome.skipped == [Outcome.Skip(target: "bob@LAB-1", reason: "already suspended")])
        #expect(lab.session(other.id)?.state == .active)
        #expect(try lab.status("LAB-1/1") == .available)
    }

    @Test func endAllOfOneComputerOrOfAll() throws {
        var lab = Lab()
        _ = try lab.signIn("alice", "LAB-1/1")
        _ = try lab.signIn("bob", "LAB-2/back")
        try lab.run(.endAll(computer: "LAB-1"))
        #expect(lab.state.liveSessions().map(\.user) == ["bob"])
        _ = try lab.signIn("carol", "LAB-1/3")
        let outcome = try lab.run(.endAll(computer: nil))
        #expect(outcome.events.count == 2)
        #expect(lab.state.liveSessions().isEmpty)
    }

    @Test func blockKeepsTheSessionAliveButUnusable() throws {
        var lab = Lab()
        let s = try lab.signIn("alice", "LAB-1/1")
        let outcome = try lab.run(.block([StationID(parsing: "LAB-1/1")], message: "Exam in progress"))
        #expect(outcome.events.first?.name == .stationBlocked)
        #expect(outcome.events.first?.detail?.text == "Exam in progress")
        #expect(outcome.events.first?.from?.text == "in_use" && outcome.events.first?.to?.text == "blocked")
        #expect(try lab.status("LAB-1/1") == .blocked)
        #expect(lab.session(s.id)?.state == .active)
        #expect(throws: EngineError.self) { try lab.run(.lock(.id(s.id)), as: .user) }
        try lab.run(.lock(.id(s.id)), as: .policy("p"))
        try lab.run(.unblock([StationID(parsing: "LAB-1/1")]))
        #expect(try lab.status("LAB-1/1") == .locked)
    }

    @Test func blockAndUnblockRefusalsAndBulkSkips() throws {
        var lab = Lab()
        let one = try StationID(parsing: "LAB-1/1")
        try lab.run(.block([one], message: Command.defaultBlockMessage))
        #expect(throws: EngineError.refused("station LAB-1/1 is already blocked (\"Station blocked\")")) {
            try lab.run(.block([one], message: "x"))
        }
        #expect(throws: EngineError.refused("station LAB-1/2 is not blocked")) {
            try lab.run(.unblock([StationID(parsing: "LAB-1/2")]))
        }
        let all = try lab.run(.blockAll(computer: "LAB-1", message: "Closed"))
        #expect(all.events.count == 3 && all.skipped.map(\.target) == ["LAB-1/1"])
        let none = try lab.run(.unblockAll(computer: "LAB-1"))
        #expect(none.events.count == 4 && none.skipped.isEmpty)
        #expect(try lab.status("LAB-1/4") == .available)
    }

    @Test func shutdownEndsEverySessionAndTurnsTheComputerOff() throws {
        var lab = Lab()
        _ = try lab.signIn("alice", "LAB-1/1")
        let b = try lab.signIn("bob", "LAB-1/2")
        try lab.run(.disconnect(.id(b.id)), as: .user)
        let outcome = try lab.run(.shutdown(computer: "LAB-1"), reason: "power work")
        #expect(outcome.events.map(\.name) == [.ended, .ended, .computerShutdown])
        #expect(outcome.events.prefix(2).allSatisfy { $0.detail?.text == "shutdown" })
        #expect(outcome.events.last?.detail?.text == "2 session(s) ended, 1 of them suspended (unsaved work lost)")
        #expect(lab.state.computers["LAB-1"]?.power == .off)
        #expect(lab.state.liveSessions(on: "LAB-1").isEmpty)
        #expect(throws: EngineError.refused("computer LAB-1 is off already")) { try lab.run(.shutdown(computer: "LAB-1")) }
        #expect(throws: EngineError.refused("computer LAB-1 is off: start it instead")) { try lab.run(.restart(computer: "LAB-1")) }
        #expect(throws: EngineError.self) { try lab.run(.suspendAll(computer: "LAB-1")) }
        try lab.run(.start(computer: "LAB-1"))
        #expect(lab.state.computers["LAB-1"]?.power == .running)
        #expect(throws: EngineError.refused("computer LAB-1 is already running")) { try lab.run(.start(computer: "LAB-1")) }
    }

    @Test func restartEndsSessionsAndStaysRunning() throws {
        var lab = Lab()
        _ = try lab.signIn("alice", "LAB-2/front")
        let outcome = try lab.run(.restart(computer: "LAB-2"))
        #expect(outcome.events.map(\.name) == [.ended, .computerRestarted])
        #expect(outcome.events.first?.detail?.text == "restart")
        #expect(lab.state.computers["LAB-2"]?.power == .running)
        #expect(lab.state.liveSessions().isEmpty)
    }

    @Test func blocksSurviveARestart() throws {
        var lab = Lab()
        try lab.run(.block([StationID(parsing: "LAB-2/back")], message: "Broken screen"))
        try lab.run(.restart(computer: "LAB-2"))
        #expect(try lab.status("LAB-2/back") == .blocked)
    }
}
