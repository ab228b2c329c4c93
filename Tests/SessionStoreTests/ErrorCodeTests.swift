import Foundation
import GRDB
import SessionEngine
import StoreTestSupport
import Testing

@testable import SessionStore

@Suite struct ErrorCodeTests {
    @Test(TestStores.sqliteOnly) func aJournalRowThisVersionCannotReadIsAnErrorNotAnotherEvent() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        try store.sqlite!.write { db in
            try db.execute(sql: "INSERT INTO journal (at, event, actor, depth) VALUES (0, 'teleported', 'user', 0)")
        }
        do {
            _ = try store.journal()
            Issue.record("an unknown event was read as a known one")
        } catch let error as StoreError {
            #expect(error.code == .unreadableRow)
            #expect(error.message.contains("named 'teleported'"))
        }
    }

    @Test(TestStores.sqliteOnly) func aLockFileThatCannotBeCreatedIsNotAnotherDaemon() throws {
        let temporary = try TemporaryStore()
        _ = try temporary.open()
        try FileManager.default.createDirectory(atPath: temporary.path + ".serve.lock", withIntermediateDirectories: false)
        let store = try SessionStore(path: temporary.path)
        do {
            _ = try store.claimForDaemon()
            Issue.record("claimed a store whose lock cannot be created")
        } catch let error as StoreError {
            #expect(error.code == .cannotOpen)
            #expect(error.message.contains("Is a directory"))
        }
    }

    @Test(TestStores.sqliteOnly) func aSecondDaemonIsTold() throws {
        let temporary = try TemporaryStore()
        let store = try temporary.open()
        let claim = try store.claimForDaemon()
        defer { claim.unlock() }
        #expect { try store.claimForDaemon() } throws: { ($0 as? StoreError)?.code == .daemonRunning }
    }

    @Test func errorsRaisedInsideATransactionKeepTheirType() throws {
        let store = try TemporaryStore().open()
        // A refusal raised by the engine inside the write transaction is still a refusal.
        #expect(throws: EngineError.self) { try store.perform(.lock(.id(99)), actor: .user, at: eight) }
        // And so is a policy limit.
        try store.perform(.signIn(user: "a", station: StationID(computer: "LAB-1", name: "1")), actor: .user, at: eight)
        #expect(throws: PolicyLimitError.self) {
            try store.perform(.lock(.id(1)), actor: .policy("p"), at: eight, policyLimit: 0)
        }
    }

    @Test(TestStores.sqliteOnly) func aReadOnlyStoreReadsAndRefusesWritesWithACode() throws {
        let temporary = try TemporaryStore()
        let writable = try temporary.open()
        try writable.perform(.signIn(user: "a", station: StationID(computer: "LAB-1", name: "1")), actor: .user, at: eight)
        let reader = try SessionStore.reading(path: temporary.path)
        #expect(try reader.sessions().map(\.user) == ["a"])
        #expect { try reader.perform(.signOut(.id(1)), actor: .user, at: eight) } throws: {
            ($0 as? StoreError)?.code == .readOnly
        }
        #expect(try writable.sessions().count == 1)
    }

    @Test(TestStores.sqliteOnly) func readingAStoreThatDoesNotExistCreatesNothing() throws {
        let temporary = try TemporaryStore()
        let reader = try SessionStore.reading(path: temporary.path)
        #expect(try reader.computers().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: temporary.folder.path))
    }

    @Test(TestStores.sqliteOnly) func aViewOfAChangedLayoutLeavesTheFileAlone() throws {
        let temporary = try TemporaryStore()
        _ = try temporary.open()
        let before = try Data(contentsOf: URL(fileURLWithPath: temporary.path))
        let reader = try SessionStore.reading(path: temporary.path)
        let wider = LabLayout(computers: twoLabs.computers + [.init(name: "LAB-3", stations: ["1"])])
        let (view, _) = try reader.viewSynced(to: wider)
        #expect(try view.computers().map(\.computer.name) == ["LAB-1", "LAB-2", "LAB-3"])
        #expect(try reader.computers().count == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: temporary.path)) == before)
    }
}
