import Foundation

/// The event names of docs/domain.md, as written in the journal.
public enum EventName: String, Sendable, CaseIterable {
    case signedIn = "signed_in"
    case reconnected
    case moved
    case locked
    case unlocked
    case suspended
    case ended
    case stationBlocked = "station_blocked"
    case stationUnblocked = "station_unblocked"
    case shutdownScheduled = "shutdown_scheduled"
    case shutdownCancelled = "shutdown_cancelled"
    case computerShutdown = "computer_shutdown"
    case computerRestarted = "computer_restarted"
    case computerStarted = "computer_started"
    case messageSent = "message_sent"
    /// A policy or plugin failed (raised, ran out of budget or memory, hit a guard); `detail` says how.
    case policyError = "policy_error"
    /// A plugin ran a program through its `exec` capability; `detail` has the command and its exit status.
    case pluginExec = "plugin_exec"
    /// The daemon carried out a transition on the machine through logind (`TerminateSession`,
    /// `LockSession`, …); `detail` has the call and its result (the D-Bus error when it failed).
    case osAction = "os_action"

    /// The events of docs/domain.md: the ones hooks can subscribe to.
    public static let transitions: [EventName] = allCases.filter { !$0.isReport }

    /// A report of what was done (a policy's failure, a program run, a call on the machine), not a
    /// transition: no hook sees it.
    public var isReport: Bool { self == .policyError || self == .pluginExec || self == .osAction }

    /// What an event of this name changes, and so what its `from` and `to` hold.
    public enum Subject: Sendable {
        case session, station, power, schedule
    }

    /// `nil` for events that change no state (`message_sent`, `policy_error`, `plugin_exec`, `os_action`).
    public var subject: Subject? {
        switch self {
        case .signedIn, .reconnected, .moved, .locked, .unlocked, .suspended, .ended: return .session
        case .stationBlocked, .stationUnblocked: return .station
        case .computerShutdown, .computerRestarted, .computerStarted: return .power
        case .shutdownScheduled, .shutdownCancelled: return .schedule
        case .messageSent, .policyError, .pluginExec, .osAction: return nil
        }
    }
}
