import ArgumentParser
import Foundation
import Policies
import Presentation
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
                let rows = try PolicyReport.all(policies, store: context.store)
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
                    let timerText = row.timers.map { "\($0.schedule) (next \($0.next.iso8601))" }.joined(separator: ", ")
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
    }
}

extension String {
    /// `nil` when empty, for `?? "-"`.
    var nonEmpty: String? { isEmpty ? nil : self }
}
