import Foundation
import SessionEngine

/// The daemon's saved state a ``PolicySet`` starts from.
public struct SavedPolicyState: Sendable {
    /// Timers' next runs, by key (`POLICY/every 1m`, `POLICY/every 1m#2`).
    public var timers: [String: Date]
    /// Policies' health, by name.
    public var health: [String: PolicyHealth]

    public init(timers: [String: Date] = [:], health: [String: PolicyHealth] = [:]) {
        self.timers = timers
        self.health = health
    }
}
