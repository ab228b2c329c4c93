import Foundation
import SessionEngine

/// The daemon's saved state a ``PolicySet`` starts from.
public struct SavedPolicyState: Sendable {
    /// Timers' next runs, by key (`POLICY/every 1m`, `POLICY/every 1m#2`).
    public var timers: [String: Date]
    /// Policies' health, by name.
    public var health: [String: PolicyHealth]
    /// Policies' `memory` tables as saved (Lua constructor text), by name.
    public var memory: [String: String]

    public init(timers: [String: Date] = [:], health: [String: PolicyHealth] = [:], memory: [String: String] = [:]) {
        self.timers = timers
        self.health = health
        self.memory = memory
    }
}
