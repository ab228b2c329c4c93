import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig

/// The world of policies over a store: the live one (`serve`, plugin commands, listings), or a
/// simulation's scratch copy with programs that are journaled but not run.
///
/// ```swift
/// let world = StoreWorld(store: store, config: config, clock: SystemClock())
/// let simulated = StoreWorld(store: scratch, config: config, clock: clock, programs: { _ in .simulated })
/// ```
public final class StoreWorld: PolicyWorld {
    public let store: SessionStore
    let rules: EngineRules
    let policyLimit: Int?
    let programs: @Sendable (ExecRequest) -> ExecResult
    let clock: any WallClock
    /// The computers whose sessions and stations policies see and act on (a district's daemon
    /// serves some; everywhere else, all of them).
    let scope: ComputerScope

    /// - Parameters:
    ///   - rules: the config's `protect` and nologin window.
    ///   - policyLimit: the config's `limit { policy_actions_per_minute = N }`.
    ///   - programs: runs a plugin's program; by default for real.
    public init(
        store: SessionStore, rules: EngineRules, policyLimit: Int? = nil, clock: any WallClock,
        programs: @escaping @Sendable (ExecRequest) -> ExecResult = { $0.run() }, scope: ComputerScope = .everything
    ) {
        self.store = store
        self.scope = scope
        self.rules = rules
        self.policyLimit = policyLimit
        self.clock = clock
        self.programs = programs
    }

    /// The world of a config's policies over `store`.
    public convenience init(
        store: SessionStore, config: StationConfig, clock: any WallClock,
        programs: @escaping @Sendable (ExecRequest) -> ExecResult = { $0.run() }, scope: ComputerScope = .everything
    ) {
        self.init(
            store: store, rules: config.rules, policyLimit: config.policyActionsPerMinute, clock: clock,
            programs: programs, scope: scope)
    }

    public func sessions(_ filter: SessionFilter) throws -> [Session] {
        var filter = filter
        filter.computers = scope.computers
        return try store.sessions(filter)
    }

    public func session(_ ref: SessionRef) throws -> Session? {
        do {
            let session = try store.session(ref)
            return scope.covers(session.computer) ? session : nil
        } catch is EngineError {
            return nil
        }
    }

    public func computers() throws -> [ComputerInfo] { try store.computers().filter { scope.covers($0.computer.name) } }
    public func computer(named name: String) throws -> ComputerInfo? {
        guard scope.covers(name) else { return nil }
        return try store.computers(named: name).first
    }
    public func station(_ id: StationID) throws -> StationInfo? {
        guard scope.covers(id.computer) else { return nil }
        do {
            return try store.stations(computer: id.computer, name: id.name).first
        } catch is EngineError {
            return nil
        }
    }
    public func stations(computer: String?, limit: Int?) throws -> [StationInfo] {
        if let computer, !scope.covers(computer) { return [] }
        return try store.stations(computer: computer, limit: limit, computers: scope.computers)
    }

    public func perform(_ command: Command, call: PolicyCall, reason: String) -> ActionResult {
        // (`Command.computers` has the `user@computer` of named sessions too.)
        if let elsewhere = command.computers?.first(where: { !scope.covers($0) }) {
            return .refused("\(elsewhere) is served by another daemon of the district: this one acts on its own computers only")
        }
        do {
            let outcome = try store.perform(
                command, actor: call.actor, reason: reason, at: clock.now, rules: rules,
                depth: call.actionDepth, policyLimit: policyLimit)
            return .done(events: outcome.events.count)
        } catch let error as EngineError {
            return .refused(error.description)
        } catch let error as PolicyLimitError {
            return .limited(error.description)
        } catch {
            return .failed("\(error)")
        }
    }

    public func record(_ events: [Event]) throws { try store.record(events) }
    public func run(_ request: ExecRequest) -> ExecResult {
        // The program may be a `stationctl` that writes: the daemon's batch must not hold the lock meanwhile.
        do {
            try store.commitBatchSoFar()
        } catch {
            return ExecResult(notStarted: "not started: the store could not commit before it: \(error)")
        }
        return programs(request)
    }

    public func saveTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws {
        try store.setTimers(schedule.map { (key: scope.storedKey($0.key), next: $0.next) }, ranAt: ranAt)
    }

    public func saveHealth(_ health: PolicyHealth, at now: Date) throws {
        try store.setPolicyHealth(health, at: now)
    }

    public func saveMemory(_ text: String, of policy: String, at now: Date) throws {
        try store.setPolicyMemory(policy, text, at: now)
    }
}
