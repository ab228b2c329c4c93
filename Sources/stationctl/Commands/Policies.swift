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

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Load policies and plugins without touching the store, and report every problem with file and line.",
            discussion: "Without files: every policy and plugin the config enables. Files under a plugins/ folder load as plugins.")

        @Option(name: .long, help: ArgumentHelp("The config file (settings are checked against it).", valueName: "path"))
        var config: String?
        @Argument(help: ArgumentHelp("Policy or plugin files to check.", valueName: "file"))
        var files: [String] = []

        func run() throws {
            try Exit.guarding {
                let loaded = try Self.config(explicit: config, needed: files.isEmpty)
                let base =
                    loaded
                    ?? StationConfig(
                        path: FileManager.default.currentDirectoryPath + "/stationkeeper.lua",
                        layout: LabLayout(computers: []))
                var problems = 0
                let targets = files.isEmpty ? enabledFiles(of: base, problems: &problems) : files.map(Self.target)
                for (file, kind) in targets where !check(file, as: kind, against: base) {
                    problems += 1
                }
                if problems > 0 {
                    try Exit.fail("\(problems) problem(s) found", code: Exit.configError)
                }
            }
        }

        /// The config to check against: `--config` (which must exist), else the usual search, which
        /// may find none when files are given.
        static func config(explicit: String?, needed: Bool) throws -> StationConfig? {
            let path: String
            do {
                path = try ConfigLocation.config(explicit: explicit, environment: ProcessInfo.processInfo.environment)
            } catch {
                guard error.code == .notFound, explicit == nil else { throw error }
                guard needed else { return nil }
                throw ConfigError(.notFound, "no config found and no file given: pass files, or --config PATH")
            }
            return try StationConfig.load(path: path)
        }

        /// A file under a `plugins/` folder loads as a plugin, any other as a policy.
        static func target(_ file: String) -> (String, PolicyKind) {
            (file, file.split(separator: "/").dropLast().last == "plugins" ? .plugin : .policy)
        }

        /// The files of every policy and plugin the config enables; a missing one is a problem.
        private func enabledFiles(of config: StationConfig, problems: inout Int) -> [(String, PolicyKind)] {
            let library = PolicyLibrary.forConfig(at: config.path)
            var found: [(String, PolicyKind)] = []
            for (kind, declaration) in config.declarations {
                do {
                    found.append((try library.file(kind, named: declaration.name, declaredAt: declaration), kind))
                } catch {
                    print("error: \(error)")
                    problems += 1
                }
            }
            return found
        }

        /// Loads one file and prints `ok: …` or `error: file:line: …`.
        private func check(_ file: String, as kind: PolicyKind, against config: StationConfig) -> Bool {
            guard FileManager.default.fileExists(atPath: file) else {
                print("error: \(file): no such file")
                return false
            }
            do {
                let runtime = try PolicySet.check(file: file, kind: kind, config: config)
                defer { runtime.close() }
                let hooks = runtime.hookedEvents.map(\.rawValue).joined(separator: ", ")
                let timers = runtime.timerDescriptions.joined(separator: ", ")
                print("ok: \(file) (\(kind.rawValue); hooks: \(hooks.nonEmpty ?? "none"); timers: \(timers.nonEmpty ?? "none"))")
                return true
            } catch {
                print("error: \(error)")
                return false
            }
        }
    }
}

extension String {
    /// `nil` when empty, for `?? "-"`.
    var nonEmpty: String? { isEmpty ? nil : self }
}
