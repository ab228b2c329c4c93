import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig

extension PolicySet {
    /// Loads a config's policies over a store, resuming the daemon's saved timers and health.
    ///
    /// With `startAfresh` (what `serve` does at start and on reload) failing and quarantined
    /// policies start again as `ok`, and the schedule of every timer is saved. Without it the set
    /// is only looked at or used for a plugin command, and loading writes nothing.
    ///
    /// ```swift
    /// let policies = try PolicySet.over(store, config: config, startAfresh: true, clock: SystemClock())
    /// ```
    public static func over(
        _ store: SessionStore, config: StationConfig, startAfresh: Bool = false, clock: any WallClock,
        library: PolicyLibrary? = nil, logger: Logger = Logger(label: "stationkeeper"), calendar: Calendar = .current,
        programs: @escaping @Sendable (ExecRequest) -> ExecResult = { $0.run() }
    ) throws -> PolicySet {
        let saved: SavedPolicyState
        do {
            saved = SavedPolicyState(timers: try store.timerSchedule(), health: try store.policyHealth())
        } catch {
            throw ConfigError(.unreadableState, "cannot read the daemon's state from the store: \(error)")
        }
        let world = StoreWorld(store: store, config: config, clock: clock, programs: programs)
        let policies = try PolicySet(
            config: config, world: world, clock: clock, library: library, logger: logger,
            calendar: calendar, saved: saved)
        guard startAfresh else { return policies }
        let now = clock.now
        for health in policies.startAfresh() {
            try store.setPolicyHealth(health, at: now)
        }
        let fresh = policies.timerSchedule.filter { saved.timers[$0.key] == nil }
        if !fresh.isEmpty { try store.setTimers(fresh, ranAt: nil) }
        return policies
    }
}
