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

        @OptionGroup var lab: LabOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try Exit.guarding {
                let context = try Context.open(lab)
                let host = try Context.host(for: context, inspecting: true)
                defer { host.close() }
                let health = try context.store.policyHealth()
                let timers = try context.store.timerSchedule()
                let rows = host.runtimes.map { runtime in
                    Row(runtime: runtime, health: health[runtime.name] ?? PolicyHealth(name: runtime.name, state: .ok, failures: 0),
                        timers: host.timerSchedule(of: runtime).map { timer in
                            (timer.description, timers["\(runtime.name)/\(timer.description)"] ?? timer.next)
                        })
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
                    table.add(row.runtime.name, row.runtime.kind.rawValue, row.health.state.rawValue,
                              row.runtime.hookedEvents.map(\.rawValue).joined(separator: ",").nonEmpty ?? "-",
                              timerText.nonEmpty ?? "-", row.runtime.file)
                }
                print(table.text, terminator: "")
                for row in rows where row.health.lastError != nil {
                    print("last error of \(row.runtime.name) (\(row.health.lastErrorAt?.iso8601 ?? "?")): \(row.health.lastError ?? "")")
                }
            }
        }

        struct Row {
            var runtime: PolicyRuntime
            var health: PolicyHealth
            var timers: [(String, Date)]

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
                ])
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load policies and plugins without touching the store, and report every problem with file and line.",
            discussion: "Without files: every policy and plugin the config enables. Files under a plugins/ folder load as plugins.")

        @Option(name: .long, help: ArgumentHelp("The config file (settings are checked against it).", valueName: "path"))
        var config: String?
        @Argument(help: ArgumentHelp("Policy or plugin files to check.", valueName: "file"))
        var files: [String] = []

        func run() throws {
            try Exit.guarding {
                let environment = ProcessInfo.processInfo.environment
                let configPath = try? ConfigLocation.config(explicit: config, environment: environment)
                let loaded = try configPath.map { path throws(ConfigError) in try StationConfig.load(path: path) }
                let base = loaded ?? StationConfig(path: FileManager.default.currentDirectoryPath + "/stationkeeper.lua",
                                                   layout: LabLayout(computers: []))
                var problems = 0
                let targets: [(String, PolicyRuntime.Kind, String?)]
                if files.isEmpty {
                    guard loaded != nil else {
                        throw ConfigError("no config found and no file given: pass files, or --config PATH")
                    }
                    let library = PolicyLibrary.forConfig(at: base.path)
                    var found: [(String, PolicyRuntime.Kind, String?)] = []
                    for (declarations, kind, libraryKind) in [(base.policies, PolicyRuntime.Kind.policy, PolicyLibrary.Kind.policy),
                                                              (base.plugins, .plugin, .plugin)] {
                        for declaration in declarations {
                            do {
                                found.append((try library.file(libraryKind, named: declaration.name, declaredAt: declaration), kind, nil))
                            } catch {
                                print("error: \(error)")
                                problems += 1
                            }
                        }
                    }
                    targets = found
                } else {
                    targets = files.map { file in
                        (file, file.split(separator: "/").dropLast().last == "plugins" ? .plugin : .policy, nil)
                    }
                }
                for (file, kind, _) in targets {
                    guard FileManager.default.fileExists(atPath: file) else {
                        print("error: \(file): no such file")
                        problems += 1
                        continue
                    }
                    do {
                        let runtime = try PolicyHost.check(file: file, kind: kind, config: base)
                        let hooks = runtime.hookedEvents.map(\.rawValue).joined(separator: ", ")
                        let timers = runtime.timerDescriptions.joined(separator: ", ")
                        print("ok: \(file) (\(kind.rawValue); hooks: \(hooks.nonEmpty ?? "none"); timers: \(timers.nonEmpty ?? "none"))")
                        runtime.close()
                    } catch {
                        print("error: \(error)")
                        problems += 1
                    }
                }
                if problems > 0 {
                    try Exit.fail("\(problems) problem(s) found", code: Exit.configError)
                }
            }
        }
    }
}

extension String {
    /// `nil` when empty, for `?? "-"`.
    var nonEmpty: String? { isEmpty ? nil : self }
}
