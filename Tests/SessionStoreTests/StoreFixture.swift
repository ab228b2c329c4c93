import Foundation
import SessionEngine

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

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sk-\(UUID().uuidString)")
        path = folder.appendingPathComponent("state.db").path
    }

    func open(layout: LabLayout = twoLabs) throws -> SessionStore {
        let store = try SessionStore(path: path)
        try store.syncLayout(layout)
        return store
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func station(_ text: String) throws -> StationID { try StationID(parsing: text) }
