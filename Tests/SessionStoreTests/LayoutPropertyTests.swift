import Foundation
import SessionEngine
import SessionStore
import StoreTestSupport
import Testing

/// Issue 11: the layout sync is right for every sequence of config edits, sign-ins and sign-outs.
@Suite struct LayoutPropertyTests {
    /// A small deterministic generator (SplitMix64), so a failing sequence can be replayed by its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let computers = ["LAB-1", "LAB-2", "LAB-3"]
    static let stations = ["1", "2", "3", "4", "5"]
    static let users = ["ann", "ben", "cat", "dan", "eve", "fay"]

    static func randomLayout(_ random: inout Generator) -> LabLayout {
        var chosen = computers.filter { _ in Bool.random(using: &random) }
        if chosen.isEmpty, let any = computers.randomElement(using: &random) { chosen = [any] }
        return LabLayout(
            computers: chosen.map { name in
                var seats = stations.filter { _ in Int.random(in: 0..<10, using: &random) < 6 }
                if seats.isEmpty { seats = ["1"] }
                return .init(name: name, stations: seats)
            })
    }

    /// Plays one random sequence and checks the store after every step.
    static func play(seed: UInt64, steps: Int) throws {
        var random = Generator(state: seed)
        let store = try TestStores.fresh()
        var layout = randomLayout(&random)
        try store.syncLayout(layout)
        let now = Date(timeIntervalSince1970: 1_772_438_400)
        for step in 0..<steps {
            let context = "seed \(seed), step \(step)"
            switch Int.random(in: 0..<10, using: &random) {
            case 0, 1:
                layout = randomLayout(&random)
                try store.syncLayout(layout)
            case 2, 3, 4, 5:
                let computer = computers.randomElement(using: &random) ?? "LAB-1"
                let station = StationID(computer: computer, name: stations.randomElement(using: &random) ?? "1")
                let user = users.randomElement(using: &random) ?? "ann"
                let listed = layout.computers.first { $0.name == computer }?.stations.contains(station.name) ?? false
                do {
                    try store.perform(.signIn(user: user, station: station), actor: .user, at: now)
                    #expect(listed, "\(context): signed in at \(station), which the config does not list")
                } catch let error as EngineError {
                    if !listed, try store.computers().contains(where: { $0.computer.name == computer }) {
                        let text = error.description
                        #expect(
                            text.contains("no longer in the config") || text.contains("no station") || text.contains("is taken")
                                || text.contains("already signed in"),
                            "\(context): \(text)")
                    }
                }
            case 6, 7:
                if let session = try store.sessions().randomElement(using: &random) {
                    // A suspended session is ended by an admin; the others sign out.
                    let command: Command = session.state == .suspended ? .end([.id(session.id)]) : .signOut(.id(session.id))
                    try store.perform(command, actor: session.state == .suspended ? .admin(nil) : .user, at: now)
                }
            default:
                if let session = try store.sessions(SessionFilter(state: .active)).randomElement(using: &random) {
                    try store.perform(.disconnect(.id(session.id)), actor: .user, at: now)
                }
            }
            // The store's stations are the config's, plus those a live session is at.
            let sessions = try store.sessions()
            let occupied = Set(sessions.compactMap(\.stationID))
            let configured = Set(
                layout.computers.flatMap { computer in computer.stations.map { StationID(computer: computer.name, name: $0) } })
            let stored = Set(try store.stations().map(\.station.id))
            #expect(stored == configured.union(occupied), "\(context): stations \(stored.symmetricDifference(configured.union(occupied)))")
            // Its computers are the config's, plus those a live session is on.
            let computersStored = Set(try store.computers().map(\.computer.name))
            let computersWanted = Set(layout.computers.map(\.name)).union(sessions.map(\.computer))
            #expect(computersStored == computersWanted, "\(context): computers \(computersStored) vs \(computersWanted)")
        }
    }

    /// 250 sequences in the suite; a longer run: `STATIONKEEPER_PROPERTY_SEQUENCES=20000 swift test
    /// --filter LayoutPropertyTests` (a failure names its seed and step, to replay it).
    @Test func everySequenceKeepsTheStoreInStepWithTheConfig() throws {
        let count = ProcessInfo.processInfo.environment["STATIONKEEPER_PROPERTY_SEQUENCES"].flatMap { UInt64($0) } ?? 250
        for seed in UInt64(1)...max(1, count) {
            try Self.play(seed: seed, steps: 30)
        }
    }

    @Test func theIssuesRepro() throws {
        let store = try TestStores.fresh()
        let four = LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "3", "4"])])
        let now = Date(timeIntervalSince1970: 1_772_438_400)
        try store.syncLayout(four)
        try store.perform(.signIn(user: "alice", station: StationID(computer: "LAB-1", name: "4")), actor: .user, at: now)
        let two = try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2"])]))
        #expect(two.kept == ["station LAB-1/4 (alice@LAB-1 is signed in there)"])
        try store.syncLayout(four)
        #expect(try store.stations().map(\.station.id.name) == ["1", "2", "3", "4"])
        try store.perform(.signIn(user: "bob", station: StationID(computer: "LAB-1", name: "3")), actor: .user, at: now)
    }

    @Test func aRemovedComputerRefusesNewSignInsUntilItsLastSessionEnds() throws {
        let store = try TestStores.fresh()
        let now = Date(timeIntervalSince1970: 1_772_438_400)
        try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2"]), .init(name: "LAB-2", stations: ["1"])]))
        try store.perform(.signIn(user: "alice", station: StationID(computer: "LAB-1", name: "1")), actor: .user, at: now)
        try store.syncLayout(LabLayout(computers: [.init(name: "LAB-2", stations: ["1"])]))
        #expect(
            throws: EngineError.refused(
                "computer LAB-1 is no longer in the config: it stays only until its live sessions end, and refuses new sign-ins")
        ) {
            try store.perform(.signIn(user: "bob", station: StationID(computer: "LAB-1", name: "1")), actor: .user, at: now)
        }
        try store.perform(.signOut(.user("alice", computer: "LAB-1")), actor: .user, at: now)
        #expect(try store.computers().map(\.computer.name) == ["LAB-2"])
    }
}
