import Foundation
import GRDB
import SessionEngine
import StoreTestSupport
import Testing

@testable import SessionStore

@Suite struct PersistenceTests {
    @Test func stateAndJournalSurviveReopening() throws {
        let temporary = try TemporaryStore()
        do {
            let store = try temporary.open()
            try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
            try store.perform(.lock(.user("alice", computer: "LAB-1")), actor: .user, at: eight + 60)
        }
        let reopened = try temporary.open()
        let sessions = try reopened.sessions()
        #expect(sessions.map(\.user) == ["alice"])
        #expect(sessions.first?.state == .locked)
        #expect(sessions.first?.stateSince == eight + 60)
        #expect(try reopened.journal().map(\.name) == [.signedIn, .locked])
    }

    @Test(TestStores.sqliteOnly) func seqIsStrictlyIncreasingAndTheJournalIsAppendOnly() throws {
        let store = try TemporaryStore().open()
        for user in ["a", "b", "c"] {
            try store.perform(
                .signIn(user: user, station: station("LAB-1/\(["a": 1, "b": 2, "c": 3][user] ?? 4)")), actor: .user, at: eight)
        }
        try store.perform(.endAll(computer: nil), actor: .admin(nil), reason: "end of day", at: eight + 3600)
        let seqs = try store.journal().compactMap(\.seq)
        #expect(seqs.count == 6)
        #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(throws: (any Error).self) {
            try store.sqlite!.write { db in try db.execute(sql: "UPDATE journal SET reason = 'x'") }
        }
        #expect(throws: (any Error).self) {
            try store.sqlite!.write { db in try db.execute(sql: "DELETE FROM journal") }
        }
        #expect(try store.journalCount() == 6)
    }

    @Test func endedSessionsLeaveTheLiveTableAndTheirIdsAreNeverReused() throws {
        let store = try TemporaryStore().open()
        let first = try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
        try store.perform(.signOut(.user("alice", computer: "LAB-1")), actor: .user, at: eight + 5)
        #expect(try store.sessions().isEmpty)
        let second = try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight + 10)
        #expect(first.events.first?.session == 1)
        #expect(second.events.first?.session == 2)
        #expect(
            throws: EngineError.refused(
                "session 1 is ended (alice@LAB-1, sign_out at 2026-03-02T08:00:05Z by user); nothing can be done to it")
        ) {
            try store.perform(.end([.id(1)]), actor: .admin(nil), at: eight + 20)
        }
    }

    @Test func aRefusedCommandWritesNothing() throws {
        let store = try TemporaryStore().open()
        try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
        let before = try store.journalCount()
        #expect(throws: EngineError.self) {
            try store.perform(.suspend([.user("alice", computer: "LAB-1"), .id(42)]), actor: .admin(nil), at: eight)
        }
        #expect(try store.journalCount() == before)
        #expect(try store.sessions().first?.state == .active)
    }

    @Test func dryRunPlansWithoutWriting() throws {
        let store = try TemporaryStore().open()
        try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
        let plan = try store.perform(.shutdown(computer: "LAB-1"), actor: .admin(nil), at: eight, dryRun: true)
        #expect(plan.events.map(\.name) == [.ended, .computerShutdown])
        #expect(plan.events.allSatisfy { $0.seq == nil })
        #expect(try store.sessions().count == 1)
        #expect(try store.computers().first?.computer.power == .running)
        #expect(try store.journalCount() == 1)
    }

    @Test func moveAndReconnectKeepStationsConsistent() throws {
        let store = try TemporaryStore().open()
        try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
        try store.perform(.signIn(user: "alice", station: station("LAB-1/2")), actor: .user, at: eight + 1)
        try store.perform(.signIn(user: "bob", station: station("LAB-1/1")), actor: .user, at: eight + 2)
        try store.perform(.disconnect(.user("alice", computer: "LAB-1")), actor: .user, at: eight + 3)
        try store.perform(.signIn(user: "alice", station: station("LAB-1/3")), actor: .user, at: eight + 4)
        let stations = try store.stations(computer: "LAB-1")
        #expect(stations.map(\.status) == [.inUse, .available, .inUse, .available])
        #expect(stations.map(\.user) == ["bob", nil, "alice", nil])
        #expect(try store.journal().map(\.name) == [.signedIn, .moved, .signedIn, .suspended, .reconnected])
    }

    @Test func powerAndBlocksPersist() throws {
        let temporary = try TemporaryStore()
        do {
            let store = try temporary.open()
            try store.perform(.block([station("LAB-2/back")], message: "Broken"), actor: .admin(nil), at: eight)
            try store.perform(.shutdown(computer: "LAB-1"), actor: .admin(nil), at: eight)
        }
        let store = try temporary.open()
        let computers = try store.computers()
        #expect(computers.map(\.computer.power) == [.off, .running])
        #expect(computers.map(\.stations) == [4, 2])
        #expect(try store.stations(computer: "LAB-2").map(\.status) == [.available, .blocked])
        #expect(try store.stations(computer: "LAB-2").last?.station.blockMessage == "Broken")
    }

    @Test func unwritableStoreIsAClearError() throws {
        #expect(throws: StoreError.self) { try SessionStore(path: "/proc/nope/state.db") }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("sk-garbage-\(UUID().uuidString).db")
        try Data(repeating: 7, count: 4096).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        #expect(throws: StoreError.self) { try SessionStore(path: garbage.path) }
    }
}

@Suite struct DurabilityTests {
    /// A committed transition must survive a power cut: the writer fsyncs the WAL on every commit.
    @Test(TestStores.sqliteOnly) func theWriterCommitsWithSynchronousFull() throws {
        let store = try TemporaryStore().open()
        let level = try store.sqlite!.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(level == 2)
        let mode = try store.sqlite!.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }
}

@Suite struct ActorPersistenceTests {
    @Test(TestStores.sqliteOnly) func aNamedAdminSurvivesReopeningAndAnOldPlainAdminRowStillReads() throws {
        let temporary = try TemporaryStore()
        do {
            let store = try temporary.open()
            try store.perform(.signIn(user: "alice", station: station("LAB-1/1")), actor: .user, at: eight)
            try store.perform(.suspend([.user("alice", computer: "LAB-1")]), actor: .admin("rivera"), at: eight + 60)
            // What journals written before admins had names hold.
            try store.sqlite!.write { db in
                try db.execute(
                    sql: "INSERT INTO journal (at, event, computer, actor, depth) VALUES (?, 'computer_started', 'LAB-2', 'admin', 0)",
                    arguments: [eight.timeIntervalSince1970 + 120])
            }
        }
        let reopened = try temporary.open()
        #expect(try reopened.journal().map(\.actor) == [.user, .admin("rivera"), .admin(nil)])
        #expect(try reopened.sessions().first?.suspendedBy == .admin)
    }

    @Test(TestStores.sqliteOnly, arguments: ["admin:", "admin:a b"])
    func aJournalRowByAnAdminWithoutAValidNameIsUnreadable(actor: String) throws {
        let store = try TemporaryStore().open()
        try store.sqlite!.write { db in
            try db.execute(
                sql: "INSERT INTO journal (at, event, computer, actor, depth) VALUES (0, 'computer_started', 'LAB-1', ?, 0)",
                arguments: [actor])
        }
        do {
            _ = try store.journal()
            Issue.record("'\(actor)' was read as an actor")
        } catch let error as StoreError {
            #expect(error.code == .unreadableRow)
            #expect(error.message.contains("by an unknown actor '\(actor)'"))
        }
    }
}
