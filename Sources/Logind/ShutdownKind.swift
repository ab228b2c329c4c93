import Foundation

/// What `LogindBus.scheduleShutdown(kind:at:)` asks logind to do when the time comes.
///
/// ```swift
/// try bus.scheduleShutdown(kind: .poweroff, at: tonight)
/// try bus.scheduleShutdown(kind: .dryPoweroff, at: tonight)   // everything but the power-off itself (tests)
/// ```
public enum ShutdownKind: String, Sendable, CaseIterable {
    case poweroff
    case reboot
    case halt
    /// As `poweroff`, but logind does not power off in the end.
    case dryPoweroff = "dry-poweroff"
    case dryReboot = "dry-reboot"
    case dryHalt = "dry-halt"
}

/// A shutdown logind has scheduled (its `ScheduledShutdown` property).
public struct ScheduledShutdown: Equatable, Sendable {
    /// The kind as logind names it: "poweroff", "reboot" or "halt" (a dry run is reported
    /// without its "dry-" prefix), or a kind a newer logind adds.
    public var kind: String
    public var at: Date

    public init(kind: String, at: Date) {
        self.kind = kind
        self.at = at
    }
}
