import Foundation
import GRDB
import SessionEngine
import Testing

@testable import SessionStore

/// Issue 11: a store knows it is a Stationkeeper store; anything else is refused, never recreated.
@Suite struct StoreIdentityTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
    var path: String { folder.appendingPathComponent("state.db").path }

    func refusal(_ open: () throws -> Void) -> StoreError? {
        do {
            try open()
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return StoreError(.sqlite, "\(error)")
        }
    }

    @Test func aNewStoreIsStamped() throws {
        let store = try SessionStore(path: path)
        let (application, version) = try store.sqlite!.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Int32.fetchOne(db, sql: "PRAGMA user_version"))
        }
        #expect(application == StoreIdentity.applicationID && version == StoreIdentity.schemaVersion)
    }

    @Test func anEmptyFileIsRefusedAndLeftAsItIs() throws {
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        for open in [{ _ = try SessionStore(path: path) }, { _ = try SessionStore.reading(path: path) }] {
            let error = refusal(open)
            #expect(error?.code == .notADatabase)
            #expect(error?.message.contains("is an empty file (0 bytes), not a Stationkeeper store") == true)
        }
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0)
    }

    /// A daemon creating the store holds its `.lock` while the file is still empty: a listing
    /// waits for it rather than calling the file damaged.
    @Test func aReaderWaitsForAStoreBeingCreated() throws {
        try expectReaderWaits { #expect(FileManager.default.createFile(atPath: path, contents: Data())) }
    }

    /// Between its first migration steps a new store has only the migrator's table: a reader waits
    /// for its creator then too, rather than calling it another program's database.
    @Test func aReaderWaitsForAStoreBeingMigrated() throws {
        try expectReaderWaits {
            let partial = try DatabaseQueue(path: path)
            try partial.write { db in try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
            try partial.close()
        }
    }

    /// Holds the store's `.lock` as a creator does, leaves the file as `unfinished` makes it, and
    /// finishes it (a whole store in its place) 0.3 s later: a reader meanwhile gets the store.
    private func expectReaderWaits(_ unfinished: () throws -> Void) throws {
        let made = folder.appendingPathComponent("made.db").path
        _ = try SessionStore(path: made)
        let creating = try FileLock(path: path + ".lock")
        try unfinished()
        let target = path
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            try? FileManager.default.removeItem(atPath: target)
            try? FileManager.default.copyItem(atPath: made, toPath: target)
            creating.unlock()
        }
        let store = try SessionStore.reading(path: path)
        #expect(try store.sessions().isEmpty)
    }

    @Test func anotherProgramsDatabaseIsRefused() throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE photos (id INTEGER)") }
        #expect(
            refusal { _ = try SessionStore(path: path) }?.message.contains("an SQLite database of another program (tables: photos)") == true
        )
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA application_id = 42") }
        #expect(
            refusal { _ = try SessionStore(path: path) }?.message.contains("another program's SQLite database (application id 42)") == true)
        #expect(try queue.read { db in try db.tableExists("journal") } == false, "nothing was added to it")
    }

    @Test func aNewerStoreIsRefused() throws {
        _ = try SessionStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 999") }
        let error = refusal { _ = try SessionStore(path: path) }
        #expect(error?.code == .newerVersion)
        #expect(
            error?.message.contains("was made by a newer stationctl (schema 999; this one knows \(StoreIdentity.schemaVersion))") == true)
        #expect(refusal { _ = try SessionStore.reading(path: path) }?.code == .newerVersion)
    }

    @Test func aStoreFromBeforeTheStampIsOpenedAndStamped() throws {
        let store = try SessionStore(path: path)
        try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1"])]))
        try store.sqlite!.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = 0")
            try db.execute(sql: "PRAGMA user_version = 0")
        }
        let reopened = try SessionStore(path: path)
        #expect(try reopened.stations().count == 1)
        #expect(try reopened.sqlite!.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } == StoreIdentity.applicationID)
    }
}
