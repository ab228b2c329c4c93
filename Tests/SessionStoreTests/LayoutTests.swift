import Foundation
import SessionEngine
import StoreTestSupport
import Testing

@testable import SessionStore

@Suite struct LayoutTests {
    @Test func addsAndRemovesComputersAndStations() throws {
        let store = try TestStores.fresh()
        let first = try store.syncLayout(twoLabs)
        #expect(first.added.contains("LAB-2/back"))
        let second = try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "5"])]))
        #expect(Set(second.removed) == ["LAB-1/3", "LAB-1/4", "LAB-2"])
        #expect(second.added == ["LAB-1/5"])
        #expect(try store.stations().map(\.station.id.description) == ["LAB-1/1", "LAB-1/2", "LAB-1/5"])
        #expect(try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "5"])])).added.isEmpty)
    }

    @Test func aStationWithALiveSessionIsKeptUntilTheSessionEnds() throws {
        let store = try TestStores.fresh()
        try store.syncLayout(twoLabs)
        try store.perform(.signIn(user: "alice", station: station("LAB-1/4")), actor: .user, at: eight)
        try store.perform(.signIn(user: "bob", station: station("LAB-2/front")), actor: .user, at: eight)
        let smaller = LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "3"])])
        let refused = try store.syncLayout(smaller)
        #expect(refused.kept == ["computer LAB-2 (live sessions: bob@LAB-2)", "station LAB-1/4 (alice@LAB-1 is signed in there)"])
        // The config's three, and the two where someone is (LAB-2/back, free, is gone at once).
        #expect(try store.stations().map(\.station.id.description) == ["LAB-1/1", "LAB-1/2", "LAB-1/3", "LAB-1/4", "LAB-2/front"])
        try store.perform(.endAll(computer: nil), actor: .admin(nil), at: eight)
        // Gone with the sessions that kept them, in the same command.
        #expect(try store.stations().count == 3)
        #expect(try store.computers().map(\.computer.name) == ["LAB-1"])
        #expect(try store.syncLayout(smaller).kept.isEmpty)
    }
}

/// A computer declared `seats = "logind"`: the config makes it, the daemon gives it its stations.
@Suite struct LogindLayoutTests {
    static let layout = LabLayout(computers: [
        .init(name: "HOST", stations: [], followsLogind: true), .init(name: "LAB-2", stations: ["front"]),
    ])

    @Test func aConfigSyncLeavesTheSeatsAloneAndTheDaemonKeepsThemInStep() throws {
        let store = try TemporaryStore().open(layout: Self.layout)
        #expect(try store.stations(computer: "HOST").isEmpty)
        try store.syncStations(ofLogindComputer: "HOST", to: ["seat0", "seat1", "remote-1"])
        try store.perform(.signIn(user: "alice", station: station("HOST/seat1")), actor: .user, reason: "logind", at: eight)
        // Another command's config sync (same layout, or a changed one) does not touch the seats.
        try store.syncLayout(Self.layout)
        try store.syncLayout(LabLayout(computers: Self.layout.computers + [.init(name: "LAB-3", stations: ["1"])]))
        #expect(try store.stations(computer: "HOST").map(\.station.id.name) == ["seat0", "seat1", "remote-1"])
        // seat1 goes from logind while alice is there: retired until her session ends.
        let sync = try store.syncStations(ofLogindComputer: "HOST", to: ["seat0", "remote-1"])
        #expect(sync.kept == ["station HOST/seat1 (alice@HOST is signed in there)"])
        try store.perform(.signOut(.user("alice", computer: "HOST")), actor: .user, at: eight + 60)
        #expect(try store.stations(computer: "HOST").map(\.station.id.name) == ["seat0", "remote-1"])
    }

    @Test func anAdminCannotSuspendALogindSessionButItsUserCanDisconnect() throws {
        let store = try TemporaryStore().open(layout: Self.layout)
        try store.syncStations(ofLogindComputer: "HOST", to: ["seat0"])
        let rules = EngineRules(logindComputer: "HOST")
        try store.perform(.signIn(user: "alice", station: station("HOST/seat0")), actor: .user, at: eight, rules: rules)
        #expect(
            throws: EngineError.refused(
                "HOST follows logind, which cannot switch a seat away from session 1 (alice@HOST) to a greeter: lock it, or end it (its user can switch user or disconnect)"
            )
        ) {
            try store.perform(.suspend([.id(1)]), actor: .admin(nil), at: eight + 1, dryRun: true, rules: rules)
        }
        #expect(throws: EngineError.self) {
            try store.perform(.suspendAll(computer: "HOST"), actor: .policy("p"), at: eight + 1, rules: rules)
        }
        try store.perform(.disconnect(.id(1)), actor: .user, reason: "logind", at: eight + 2, rules: rules)
        #expect(try store.session(.id(1)).state == .suspended)
    }

    @Test func linksOutliveTheirSessionUntilForgotten() throws {
        let store = try TemporaryStore().open(layout: Self.layout)
        try store.link(logind: "c3", to: 7, at: eight)
        try store.link(logind: "c4", to: 8, at: eight)
        #expect(try store.logindLinks() == ["c3": 7, "c4": 8])
        #expect(try store.logindID(ofSession: 7) == "c3")
        try store.unlink(logind: "c3")
        #expect(try store.logindLinks() == ["c4": 8])
    }
}
