import Foundation

/// A shutdown or restart that the daemon carries out at `at`.
public struct ScheduledShutdown: Hashable, Sendable {
    public var at: Date
    public var restart: Bool
    /// What users are told; `nil` for the default wording.
    public var message: String?

    public init(at: Date, restart: Bool, message: String? = nil) {
        self.at = at
        self.restart = restart
        self.message = message
    }

    /// `shutdown` or `restart`.
    public var verb: String { restart ? "restart" : "shutdown" }
}
