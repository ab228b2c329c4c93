import Foundation
import GRDB
import SessionEngine
import StoreTestSupport
import Testing

@testable import SessionStore

@Suite struct QueryTests {
    func populated() throws -> SessionStore {
        let store = try TestStores.fresh()
        try store.syncLayout(twoLabs)
        try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
        try store.perform(.signIn(user: "bob", station: station("LAB-1/2")), actor: .user, at: eight + 600)
        try store.perform(.signIn(user: "carol", station: station("LAB-2/front")), actor: .user, at: eight + 1200)
        try store.perform(.suspend([.user("bob", computer: "LAB-1")]), actor: .admin(nil), at: eight + 1800)
        return store
    }

    @Test func filtersByStateComputerUserAndAge() throws {
        let store = try populated()
        let now = eight + 7200
        #expect(try store.sessions(SessionFilter(state: .suspended)).map(\.user) == ["bob"])
        #expect(try store.sessions(SessionFilter(computer: "LAB-1")).map(\.user) == ["alice", "bob"])
        #expect(try store.sessions(SessionFilter(user: "carol")).map(\.computer) == ["LAB-2"])
        #expect(try store.sessions(SessionFilter(idleLongerThan: 6300, now: now)).map(\.user) == ["alice", "bob"])
        #expect(try store.sessions(SessionFilter(state: .suspended, inStateLongerThan: 3600, now: now)).map(\.user) == ["bob"])
        #expect(try store.sessions(SessionFilter(state: .suspended, inStateLongerThan: 7200, now: now)).isEmpty)
    }

    @Test(TestStores.sqliteOnly) func timerQueriesUseAnIndex() throws {
        let store = try populated()
        let plan = try store.sqlite!.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM session WHERE state = 'suspended' AND state_since < 0")
                .map { $0["detail"] as String }
        }
        #expect(plan.joined().contains("USING INDEX session_state"))
    }

    @Test func journalFilters() throws {
        let store = try populated()
        #expect(try store.journal(JournalFilter(computer: "LAB-2")).map(\.user) == ["carol"])
        #expect(try store.journal(JournalFilter(session: .user("bob", computer: "LAB-1"))).map(\.name) == [.signedIn, .suspended])
        #expect(try store.journal(JournalFilter(session: .id(1))).count == 1)
        #expect(try store.journal(JournalFilter(since: eight + 1000)).count == 2)
        #expect(try store.journal(JournalFilter(limit: 2)).map(\.name) == [.signedIn, .suspended])
        #expect(throws: EngineError.self) { try store.journal(JournalFilter(computer: "NOPE")) }
    }

    @Test func sessionLookupByIdAndHandle() throws {
        let store = try populated()
        #expect(try store.session(.user("bob", computer: "LAB-1")).state == .suspended)
        #expect(try store.session(.id(3)).user == "carol")
        #expect(throws: EngineError.unknown("no session 99")) { try store.session(.id(99)) }
        #expect(throws: EngineError.unknown("dave has no live session on LAB-1")) { try store.session(.user("dave", computer: "LAB-1")) }
    }
}

@Suite struct TimeFormatTests {
    @Test(arguments: [
        0.0, 1_772_438_400, 1_772_438_400.9,
        951_782_400,  // 2000-02-29
        4_102_444_799,  // 2099-12-31T23:59:59
    ])
    func iso8601MatchesFoundation(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds.rounded(.down))
        #expect(Date(timeIntervalSince1970: seconds).iso8601 == date.formatted(.iso8601))
    }
}
