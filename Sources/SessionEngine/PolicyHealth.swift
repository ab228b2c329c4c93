import Foundation

/// A policy's health as the daemon last saw it.
public struct PolicyHealth: Hashable, Sendable {
    public enum State: String, Sendable {
        case ok, failing, quarantined
    }

    public var name: String
    public var state: State
    /// Consecutive failures.
    public var failures: Int
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(name: String, state: State, failures: Int, lastError: String? = nil, lastErrorAt: Date? = nil) {
        self.name = name
        self.state = state
        self.failures = failures
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }
}
