import Foundation
import SessionEngine

/// Everything a policy or plugin does to the world goes through one of these: reads of the lab,
/// actions, journal records, programs, and the daemon's saved state.
///
/// There is one implementation per mode: the live store (`StationDaemon.StoreWorld`, for
/// `stationctl serve`, plugin commands and listings), ``CheckWorld`` for `stationctl policies check`
/// (no store), and the live one over a scratch store with programs not run, for simulations.
///
/// ```swift
/// let policies = try PolicySet(config: config, world: CheckWorld(), clock: SystemClock())
/// ```
public protocol PolicyWorld: AnyObject {
    /// Live sessions matching a filter, in id order.
    func sessions(_ filter: SessionFilter) throws -> [Session]
    /// The live session `ref` names; `nil` when there is none (unknown, or ended).
    func session(_ ref: SessionRef) throws -> Session?
    /// Computers in config order, with their counts.
    func computers() throws -> [ComputerInfo]
    /// One computer with its counts; `nil` when there is none. (Defaults to searching ``computers()``.)
    func computer(named name: String) throws -> ComputerInfo?
    /// One station; `nil` when its computer or the station does not exist. (Defaults to ``stations(computer:limit:)``.)
    func station(_ id: StationID) throws -> StationInfo?
    /// Stations in config order, at most `limit` (`nil`: all); an unknown computer is an
    /// ``SessionEngine/EngineError/unknown(_:)``.
    func stations(computer: String?, limit: Int?) throws -> [StationInfo]

    /// Carries out a policy's action under the site's guards.
    func perform(_ command: Command, call: PolicyCall, reason: String) -> ActionResult
    /// Appends events that are not transitions (`policy_error`, `plugin_exec`) to the journal.
    func record(_ events: [Event]) throws
    /// Runs a plugin's program, or says what would have been run.
    func run(_ request: ExecRequest) -> ExecResult

    /// Saves timers' next runs, before their callbacks run (`ranAt`: when they last ran, if they just did).
    func saveTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws
    /// Saves a policy's health, so `stationctl policies` and a restarted daemon see it.
    func saveHealth(_ health: PolicyHealth, at now: Date) throws
    /// Saves a policy's `memory` table (as the text its prelude reads back).
    func saveMemory(_ text: String, of policy: String, at now: Date) throws
}

extension PolicyWorld {
    public func computer(named name: String) throws -> ComputerInfo? {
        try computers().first { $0.computer.name == name }
    }

    public func station(_ id: StationID) throws -> StationInfo? {
        do {
            return try stations(computer: id.computer, limit: nil).first { $0.station.id == id }
        } catch EngineError.unknown {
            return nil
        }
    }
}
