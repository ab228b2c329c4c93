import Foundation
import SessionEngine
import StoreTestSupport
import Testing

@testable import SessionStore

/// `SessionStore.batch`: what the daemon's passes commit, and when.
@Suite struct BatchTests {
    @Test func aBatchCommitsAllItsActionsAtOnceAndOthersSeeThemOnlyThen() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        let other = try temporary.reader()
        try store.batch {
            try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
            try store.perform(.lock(.user("alice", computer: "LAB-1")), actor: .user, at: eight + 1)
            // Inside, reads see the batch's own writes; another connection sees none of them yet.
            #expect(try store.sessions().map(\.state) == [.locked])
            #expect(try other.journalCount() == 0)
        }
        #expect(try other.journal().map(\.name) == [.signedIn, .locked])
    }

    @Test func aRefusedCommandInsideABatchUndoesOnlyItself() throws {
        let store = try TemporaryStore().open()
        try store.batch {
            try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
            #expect(throws: EngineError.self) {
                try store.perform(.signIn(user: "bob", station: station("LAB-1/1")), actor: .user, at: eight)
            }
            try store.perform(.signIn(user: "bob", station: station("LAB-1/2")), actor: .user, at: eight)
        }
        #expect(try store.sessions().map(\.user) == ["alice", "bob"])
        #expect(try store.journal().map(\.name) == [.signedIn, .signedIn])
    }

    @Test func aBatchThatThrowsKeepsNothing() throws {
        struct Stop: Error {}
        let store = try TemporaryStore().open()
        #expect(throws: Stop.self) {
            try store.batch {
                try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
                try store.setCursor("serve", to: 1)
                throw Stop()
            }
        }
        #expect(try store.sessions().isEmpty)
        #expect(try store.journalCount() == 0)
        #expect(try store.cursor("serve") == nil)
    }

    @Test func committingSoFarMakesTheBatchsWorkSoFarVisibleAndDurable() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        let other = try temporary.reader()
        try store.batch {
            try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
            // What the daemon does before a plugin's program runs (it may be a stationctl that writes).
            try store.commitBatchSoFar()
            #expect(try other.journal().map(\.name) == [.signedIn])
            try store.perform(.lock(.user("alice", computer: "LAB-1")), actor: .user, at: eight + 1)
            #expect(try other.journalCount() == 1, "the rest of the batch commits at its end")
        }
        #expect(try other.journal().map(\.name) == [.signedIn, .locked])
    }

    @Test(TestStores.sqliteOnly) func aMessageToEverySessionOfAComputerWritesOnlyTheJournal() throws {
        let store = try TemporaryStore().open()
        for (user, place) in [("alice", "LAB-1/1"), ("bob", "LAB-1/2")] {
            try store.perform(.signIn(user: user, station: station(place)), actor: .user, at: eight)
        }
        let before = try store.sqlite!.write { db in db.totalChangesCount }
        try store.perform(.messageAll(computer: "LAB-1", text: "hello"), actor: .admin(nil), at: eight + 1)
        let after = try store.sqlite!.write { db in db.totalChangesCount }
        #expect(after - before == 2, "two journal rows; the sessions' rows are not rewritten")
        #expect(try store.journal().suffix(2).map(\.name) == [.messageSent, .messageSent])
    }
}
