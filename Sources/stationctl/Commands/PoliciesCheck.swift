import ArgumentParser
import Foundation
import Policies
import Presentation
import SessionEngine
import StationConfig

extension Policies {
    /// `stationctl policies check`: every problem of every policy and plugin file, found without
    /// running them, then by loading them as the daemon would (without a store).
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Find every problem of policies and plugins before they run, with file, line and column.",
            discussion: """
                Without files: every policy and plugin the config enables, with the config's settings. Files under \
                a plugins/ folder load as plugins. Problems are printed on stderr as FILE:LINE:COLUMN: error|warning: \
                MESSAGE, sorted; the exit code is 4 when there is an error (or, with --strict, a warning). \
                docs/policies.md lists what check catches and what only a run can.
                """)

        @Option(name: .long, help: ArgumentHelp("The config file (settings are checked against it).", valueName: "path"))
        var config: String?
        @Flag(help: "Print the problems as JSON on stdout: file, line, column, severity, code, message.")
        var json = false
        @Flag(help: "Fail (exit 4) on warnings too.")
        var strict = false
        @Argument(help: ArgumentHelp("Policy or plugin files to check.", valueName: "file"))
        var files: [String] = []

        func run() throws {
            try Exit.guarding {
                var problems: [PolicyProblem] = []
                var summaries: [String] = []
                // A mistake inside the config is a problem like the others; a missing config is not.
                let loaded = try Self.config(explicit: config, needed: files.isEmpty, problems: &problems)
                if loaded == nil, files.isEmpty { return try finish(problems, summaries: summaries) }
                let base =
                    loaded
                    ?? StationConfig(
                        path: FileManager.default.currentDirectoryPath + "/stationkeeper.lua",
                        layout: LabLayout(computers: []))
                let targets = files.isEmpty ? enabledFiles(of: base, problems: &problems) : files.map(Self.target)
                for (file, kind) in targets {
                    summaries += check(file, as: kind, against: base, problems: &problems)
                }
                try finish(problems, summaries: summaries)
            }
        }

        /// Prints the summaries and the problems, and exits 4 on errors (or warnings, with --strict).
        private func finish(_ found: [PolicyProblem], summaries: [String]) throws {
            let problems = found.sorted()
            let errors = problems.filter { $0.severity == .error }.count
            let warnings = problems.count - errors
            if json {
                print(JSON.array(problems.map(Self.json)).text, terminator: "")
            } else {
                for summary in summaries { print(summary) }
                for problem in problems { Console.line(problem.description) }
            }
            if errors > 0 || (strict && warnings > 0) {
                try Exit.fail("\(errors) error(s) and \(warnings) warning(s)", code: Exit.configError)
            }
            if warnings > 0, !json { Console.warning("\(warnings) warning(s), no error") }
        }

        static func json(_ problem: PolicyProblem) -> JSON {
            .object([
                ("file", .string(problem.file)), ("line", .int(problem.line)), ("column", .int(problem.column)),
                ("severity", .string(problem.severity.rawValue)), ("code", .string(problem.code.rawValue)),
                ("message", .string(problem.message)),
            ])
        }

        /// The config to check against: `--config` (which must exist), else the usual search, which
        /// may find none when files are given. Its problems are all collected; what it accepted is
        /// still checked (the policies its valid lines enable).
        static func config(explicit: String?, needed: Bool, problems: inout [PolicyProblem]) throws -> StationConfig? {
            let path: String
            do {
                path = try ConfigLocation.config(explicit: explicit, environment: ProcessInfo.processInfo.environment)
            } catch {
                guard error.code == .notFound, explicit == nil else { throw error }
                guard needed else { return nil }
                throw ConfigError(.notFound, "no config found and no file given: pass files, or --config PATH")
            }
            let (config, found) = StationConfig.loadCollecting(path: path)
            if config == nil, found.count == 1, let only = found.first, only.location == nil { throw only }
            problems += found.map { problem($0, code: .config, file: path) }
            return config
        }

        /// A file under a `plugins/` folder loads as a plugin, any other as a policy.
        static func target(_ file: String) -> (String, PolicyKind) {
            (file, file.split(separator: "/").dropLast().last == "plugins" ? .plugin : .policy)
        }

        /// The files of every policy and plugin the config enables; a missing one is a problem.
        private func enabledFiles(of config: StationConfig, problems: inout [PolicyProblem]) -> [(String, PolicyKind)] {
            let library = PolicyLibrary.forConfig(at: config.path)
            var found: [(String, PolicyKind)] = []
            for (kind, declaration) in config.declarations {
                do {
                    found.append((try library.file(kind, named: declaration.name, declaredAt: declaration), kind))
                } catch {
                    problems.append(Self.problem(error, code: .config, file: config.path))
                }
            }
            return found
        }

        /// One file's problems, found statically and then by loading it; returns its summary line.
        private func check(
            _ file: String, as kind: PolicyKind, against config: StationConfig, problems: inout [PolicyProblem]
        ) -> [String] {
            guard FileManager.default.fileExists(atPath: file) else {
                problems.append(
                    PolicyProblem(file: file, line: 1, column: 1, severity: .error, code: .load, message: "no such file"))
                return []
            }
            // Loading runs the checker (its problems come with the runtime) and finds what only the
            // file's run can (settings against the config, registrations); when loading fails, the
            // checker runs on its own, and a syntax error is said as the checker says it.
            do {
                let runtime = try PolicySet.check(file: file, kind: kind, config: config)
                defer { runtime.close() }
                let found = runtime.problems
                problems += found
                let hooks = runtime.hookedEvents.map(\.rawValue).joined(separator: ", ")
                let timers = runtime.timerDescriptions.joined(separator: ", ")
                let errors = found.contains { $0.severity == .error }
                return [
                    "\(errors ? "loaded" : "ok"): \(file) (\(kind.rawValue); hooks: \(hooks.nonEmpty ?? "none"); timers: \(timers.nonEmpty ?? "none"))"
                ]
            } catch {
                let found = PolicyChecker.check(file: file, kind: kind)
                problems += found
                guard !found.contains(where: { $0.code == .syntax }) else { return [] }
                for problem in error.all.map({ Self.problem($0, code: .load, file: file) })
                // The same refusal found both ways is said once.
                where !found.contains(where: { $0.line == problem.line && $0.message == problem.message }) {
                    problems.append(problem)
                }
                return []
            }
        }

        /// A config or load error as a problem at its file and line (the message without them).
        static func problem(_ error: ConfigError, code: PolicyProblem.Code, file: String) -> PolicyProblem {
            let prefix = error.location.map { "\($0.file):\($0.line): " }
            var message = error.message
            if let prefix, message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
            return PolicyProblem(
                file: error.location?.file ?? file, line: error.location?.line ?? 1, column: 1, severity: .error, code: code,
                message: message)
        }
    }
}
