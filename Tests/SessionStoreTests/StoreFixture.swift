import Foundation
import SessionEngine
import StoreTestSupport

@testable import SessionStore

let eight = Date(timeIntervalSince1970: 1_772_438_400)  // 2026-03-02T08:00:00Z

let twoLabs = LabLayout(computers: [
    .init(name: "LAB-1", stations: ["1", "2", "3", "4"]),
    .init(name: "LAB-2", stations: ["front", "back"]),
])

/// A store file in a fresh temporary folder, removed when the test is done with it.
final class TemporaryStore {
    let folder: URL
    let path: String
    private var location: String?

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sk-\(UUID().uuidString)")
        path = folder.appendingPathComponent("state.db").path
    }

    /// The store the test runs on: this file, or on the PostgreSQL pass a fresh schema (the same one
    /// every time this fixture opens it, so reopening sees what was written).
    func open(layout: LabLayout = twoLabs) throws -> SessionStore {
        if TestStores.onPostgres && location == nil { location = try TestStores.freshSchemaURL() }
        let store = try SessionStore.open(location ?? path)
        try store.syncLayout(layout)
        return store
    }

    /// Another connection to the same store, as a listing opens it.
    func reader() throws -> SessionStore {
        try SessionStore.reading(path: location ?? path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func station(_ text: String) throws -> StationID { try StationID(parsing: text) }
