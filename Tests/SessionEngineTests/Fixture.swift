import Foundation
import SessionEngine

/// A small lab in memory: LAB-1 with stations 1…4, LAB-2 with front and back.
struct Lab {
    var state: LabState
    var nextID: Int64 = 1
    var now = Date(timeIntervalSince1970: 1_772_438_400)  // 2026-03-02T08:00:00Z

    init() {
        let one = (1...4).map { Station(id: StationID(computer: "LAB-1", name: "\($0)"), position: $0) }
        let two = ["front", "back"].enumerated().map { Station(id: StationID(computer: "LAB-2", name: $1), position: $0) }
        state = LabState(computers: [Computer(name: "LAB-1"), Computer(name: "LAB-2")], stations: one + two)
    }

    /// Applies a command; on a refusal the state must be unchanged, which this checks.
    @discardableResult
    mutating func run(_ command: Command, as actor: Actor = .admin(nil), reason: String? = nil) throws(EngineError) -> Outcome {
        let before = state
        var counter = nextID
        do {
            let outcome = try Engine.apply(command, actor: actor, reason: reason, at: now, to: &state) {
                defer { counter += 1 }
                return counter
            }
            nextID = counter
            return outcome
        } catch {
            precondition(
                state.sessions == before.sessions && state.stations == before.stations
                    && state.computers == before.computers, "a refused command changed the lab")
            throw error
        }
    }

    mutating func signIn(_ user: String, _ station: String) throws -> Session {
        let outcome = try run(.signIn(user: user, station: StationID(parsing: station)), as: .user)
        return try require_session(outcome, state)
    }

    func session(_ id: Int64) -> Session? { state.sessions[id] }

    func status(_ station: String) throws -> StationStatus {
        let id = try StationID(parsing: station)
        guard let station = state.stations[id] else { throw EngineError.unknown(station) }
        return state.status(of: station)
    }

    mutating func advance(_ seconds: TimeInterval) { now += seconds }
}

struct MissingSession: Error {}

// swiftlint:disable:next identifier_name
// swift-format-ignore: AlwaysUseLowerCamelCase
func require_session(_ outcome: Outcome, _ state: LabState) throws -> Session {
    guard let id = outcome.events.last?.session, let session = state.sessions[id] else { throw MissingSession() }
    return session
}
