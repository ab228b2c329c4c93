import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig

extension PolicySet {
    /// Loads a config's policies over a store, resuming the daemon's saved timers and health.
    /// Loading writes nothing; the daemon then calls ``PolicySet/resume()`` when it starts, or
    /// ``PolicySet/startAfresh()`` on a reload.
    ///
    /// ```swift
    /// let policies = try PolicySet.over(store, config: config, clock: SystemClock()).resume()  // serve
    /// let listed = try PolicySet.over(readOnlyStore, config: config, clock: SystemClock())          // policies
    /// let school = try PolicySet.over(district, config: config, clock: SystemClock(), scope: ownership.scope)
    /// ```
    public static func over(
        _ store: SessionStore, config: StationConfig, clock: any WallClock,
        library: PolicyLibrary? = nil, logger: Logger = Logger(label: "stationkeeper"), calendar: Calendar = .current,
        programs: @escaping @Sendable (ExecRequest) -> ExecResult = { $0.run() }, limits: PolicyLimits = .standard,
        vetting: Bool = true, scope: ComputerScope = .everything
    ) throws -> PolicySet {
        let saved: SavedPolicyState
        do {
            saved = SavedPolicyState(
                timers: scope.ownTimers(try store.timerSchedule()), health: try store.policyHealth(), memory: try store.policyMemory())
        } catch let error as StoreError {
            throw error
        } catch {
            throw ConfigError(.unreadableState, "cannot read the daemon's state from the store: \(error)")
        }
        let world = StoreWorld(store: store, config: config, clock: clock, programs: programs, scope: scope)
        return try PolicySet(
            config: config, world: world, clock: clock, library: library, logger: logger,
            calendar: calendar, saved: saved, limits: limits, vetting: vetting)
    }
}
