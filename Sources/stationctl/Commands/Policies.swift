import ArgumentParser
import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig

struct Policies: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List the config's policies and plugins: file, state, hooks, timers, last error.",
        subcommands: [List.self, Check.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List policies and plugins (the default).")

        @OptionGroup var lab: PathOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Exit.guarding {
                let context = try Context.open(lab, readOnly: true)
                // Loaded over the store with the daemon's saved timers and health: each timer
                // shows its own saved next run, and nothing is written.
                let policies = try context.policies()
                defer { policies.close() }
                let rows = try policies.runtimes.map { runtime in
                    Row(
                        runtime: runtime, health: policies.health(of: runtime.name),
                        timers: runtime.timers.map { ($0.spec.description, $0.next) },
                        errors: try context.store.policyErrors(of: runtime.actor, limit: Self.recentErrors))
                }
                if output.json {
                    print(JSON.array(rows.map(\.json)).text, terminator: "")
                    return
                }
                if rows.isEmpty {
                    print("no policy or plugin is enabled in \(context.config.path)")
                    return
                }
                var table = Table("NAME", "KIND", "STATE", "HOOKS", "TIMERS", "FILE")
                for row in rows {
                    let timerText = row.timers.map { "\($0.0) (next \($0.1.iso8601))" }.joined(separator: ", ")
                    table.add(
                        row.runtime.name, row.runtime.kind.rawValue, row.health.state.rawValue,
                        row.runtime.hookedEvents.map(\.rawValue).joined(separator: ",").nonEmpty ?? "-",
                        timerText.nonEmpty ?? "-", row.runtime.file)
                }
                print(table.text, terminator: "")
                for row in rows where !row.errors.isEmpty {
                    print("\nlast errors of \(row.runtime.name), most recent first:")
                    for error in row.errors {
                        print("  \(error.at.iso8601)  \(error.reason ?? "-"): \(error.detail?.text ?? "")")
                    }
                }
            }
        }

        /// How many of each policy's last errors are shown.
        static let recentErrors = 3

        struct Row {
            var runtime: PolicyRuntime
            var health: PolicyHealth
            var timers: [(String, Date)]
            /// Its last `policy_error` events, most recent first.
            var errors: [Event]

            var json: JSON {
                .object([
                    ("name", .string(runtime.name)), ("kind", .string(runtime.kind.rawValue)),
                    ("file", .string(runtime.file)), ("state", .string(health.state.rawValue)),
                    ("failures", .int(health.failures)),
                    ("hooks", .array(runtime.hookedEvents.map { .string($0.rawValue) })),
                    ("timers", .array(timers.map { .object([("schedule", .string($0.0)), ("next_run", .date($0.1))]) })),
                    ("actions", .array(runtime.actionNames.map { JSON.string($0) })),
                    ("commands", .array(runtime.pluginCommands.map { .string($0.name) })),
                    ("last_error", .string(health.lastError)), ("last_error_at", .date(health.lastErrorAt)),
                    (
                        "recent_errors",
                        .array(
                            errors.map { error in
                                .object([
                                    ("at", .date(error.at)), ("what", .string(error.reason)),
                                    ("message", .string(error.detail?.text)),
                                ])
                            })
                    ),
                ])
            }
        }
    }
}

extension String {
    /// `nil` when empty, for `?? "-"`.
    var nonEmpty: String? { isEmpty ? nil : self }
}
