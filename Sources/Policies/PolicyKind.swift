import StationConfig

/// A policy (hooks and timers) or a plugin (which may also add actions, a notifier, commands and run programs).
public enum PolicyKind: String, Sendable {
    case policy, plugin

    /// Where files of this kind live, beside the config or among the bundled ones.
    public var folder: String { self == .policy ? "policies" : "plugins" }
}
