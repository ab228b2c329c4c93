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
    /// The version of the policy (its file and settings) this health is about; a start with
    /// another version starts the policy afresh.
    public var version: String?

    public init(
        name: String, state: State, failures: Int, lastError: String? = nil, lastErrorAt: Date? = nil, version: String? = nil
    ) {
        self.name = name
        self.state = state
        self.failures = failures
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.version = version
    }
}
