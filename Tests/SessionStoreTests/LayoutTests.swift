import Foundation
import SessionEngine
import Testing

@testable import SessionStore

@Suite struct LayoutTests {
    @Test func addsAndRemovesComputersAndStations() throws {
        let store = try SessionStore()
        let first = try store.syncLayout(twoLabs)
        #expect(first.added.contains("LAB-2/back"))
        let second = try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "5"])]))
        #expect(Set(second.removed) == ["LAB-1/3", "LAB-1/4", "LAB-2"])
        #expect(second.added == ["LAB-1/5"])
        #expect(try store.stations().map(\.station.id.description) == ["LAB-1/1", "LAB-1/2", "LAB-1/5"])
        #expect(try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "5"])])).added.isEmpty)
    }

    @Test func aStationWithALiveSessionIsKeptUntilTheSessionEnds() throws {
        let store = try SessionStore()
        try store.syncLayout(twoLabs)
        try store.perform(.signIn(user: "alice", station: station("LAB-1/4")), actor: .user, at: eight)
        try store.perform(.signIn(user: "bob", station: station("LAB-2/front")), actor: .user, at: eight)
        let smaller = LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "3"])])
        let refused = try store.syncLayout(smaller)
        #expect(refused.kept == ["computer LAB-2 (live sessions: bob@LAB-2)", "station LAB-1/4 (alice@LAB-1 is signed in there)"])
        // The config's three, and the two where someone is (LAB-2/back, free, is gone at once).
        #expect(try store.stations().map(\.station.id.description) == ["LAB-1/1", "LAB-1/2", "LAB-1/3", "LAB-1/4", "LAB-2/front"])
        try store.perform(.endAll(computer: nil), actor: .admin, at: eight)
        // Gone with the sessions that kept them, in the same command.
        #expect(try store.stations().count == 3)
        #expect(try store.computers().map(\.computer.name) == ["LAB-1"])
        #expect(try store.syncLayout(smaller).kept.isEmpty)
    }
}
