import Foundation
import Policies
import SessionEngine
import SessionStore

/// One policy or plugin as `stationctl policies` and the dashboard's policies page show it: its
/// runtime, health, timers with their next run, and last errors.
///
/// ```swift
/// let reports = try PolicyReport.all(policies, store: store)
/// print(JSON.array(reports.map(\.json)).text)
/// ```
public struct PolicyReport {
    public var runtime: PolicyRuntime
    public var health: PolicyHealth
    /// Each timer's schedule as written (`every 5m`) and its next run.
    public var timers: [(schedule: String, next: Date)]
    /// Its last `policy_error` events, most recent first.
    public var errors: [Event]

    /// How many of each policy's last errors are shown.
    public static let recentErrors = 3

    /// Every loaded policy and plugin, in the config's order.
    public static func all(_ policies: PolicySet, store: SessionStore) throws -> [PolicyReport] {
        try policies.runtimes.map { runtime in
            PolicyReport(
                runtime: runtime, health: policies.health(of: runtime.name),
                timers: runtime.timers.map { ($0.spec.description, $0.next) },
                errors: try store.policyErrors(of: runtime.actor, limit: recentErrors))
        }
    }

    public var json: JSON {
        .object([
            ("name", .string(runtime.name)), ("kind", .string(runtime.kind.rawValue)),
            ("file", .string(runtime.file)), ("state", .string(health.state.rawValue)),
            ("failures", .int(health.failures)),
            ("hooks", .array(runtime.hookedEvents.map { .string($0.rawValue) })),
            ("timers", .array(timers.map { .object([("schedule", .string($0.schedule)), ("next_run", .date($0.next))]) })),
            ("actions", .array(runtime.actionNames.map { JSON.string($0) })),
            ("commands", .array(runtime.pluginCommands.map { .string($0.name) })),
            ("last_error", .string(health.lastError)), ("last_error_at", .date(health.lastErrorAt)),
            (
                "recent_errors",
                .array(
                    errors.map { error in
                        .object([("at", .date(error.at)), ("what", .string(error.reason)), ("message", .string(error.detail?.text))])
                    })
            ),
        ])
    }
}
