import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig

/// `stationctl NAME ARGS…` for commands that plugins add.
enum PluginCommands {
    /// Runs the plugin command `name` if an enabled plugin adds one; `nil` when none does.
    ///
    /// The plugins are first loaded without any store to find the command, so a word that is no
    /// command never opens or creates one; then, for a command, over the store.
    static func run(_ name: String, arguments: [String]) -> Int32? {
        var rest = arguments
        let paths = Self.extractPaths(from: &rest)
        do {
            guard try checkedPolicies(config: paths.config, owning: name) else { return nil }
        } catch let error as ConfigError where error.code != .notFound {
            // A broken config must not pass for an unknown command: say what is wrong with it.
            Console.error("\(error) (while looking for the plugin command '\(name)')")
            return Exit.configError
        } catch {
            return nil
        }
        let policies: PolicySet
        do {
            policies = try Context.open(config: paths.config, store: paths.store).policies()
        } catch {
            Console.error("\(error) (while loading the plugin command '\(name)')")
            return Exit.code(for: error)
        }
        defer { policies.close() }
        for runtime in policies.runtimes {
            guard let command = runtime.pluginCommands.first(where: { $0.name == name }) else { continue }
            if rest.contains("--help") || rest.contains("-h") {
                print("OVERVIEW: \(command.summary)\n\nUSAGE: \(command.usage)\n")
                if !command.help.isEmpty { print(command.help) }
                print("(a command of the plugin \(runtime.name), \(runtime.file))")
                return 0
            }
            let result = policies.runCommand(command, in: runtime, arguments: rest, actor: Operator.actor) { print($0) }
            if let message = result.error {
                Console.error(message)
            }
            return result.status
        }
        return nil
    }

    /// The plugin commands of the config found the usual way, for `stationctl help`.
    /// Loads the plugins without any store: help never opens or creates one.
    static func printList() {
        let policies: PolicySet
        do {
            policies = try checkedPolicies(config: nil)
        } catch let error as ConfigError where error.code != .notFound {
            print("PLUGIN COMMANDS: none listed: the config has an error: \(error)")
            return
        } catch {
            return
        }
        defer { policies.close() }
        let commands = policies.runtimes.flatMap { runtime in runtime.pluginCommands.map { (runtime.name, $0) } }
        guard !commands.isEmpty else { return }
        print("PLUGIN COMMANDS:")
        for (plugin, command) in commands {
            print("  " + command.name.padding(toLength: 22, withPad: " ", startingAt: 0) + command.summary + " (plugin \(plugin))")
        }
        print("\n  See 'stationctl <command> --help' for a plugin command's help.")
    }
}

extension PluginCommands {
    /// Takes `--config PATH` and `--store PATH` out of a plugin command's arguments.
    static func extractPaths(from arguments: inout [String]) -> (config: String?, store: String?) {
        var paths: (config: String?, store: String?) = (nil, nil)
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--config" || word == "--store", index + 1 < arguments.count {
                if word == "--config" { paths.config = arguments[index + 1] } else { paths.store = arguments[index + 1] }
                arguments.removeSubrange(index...(index + 1))
            } else {
                index += 1
            }
        }
        return paths
    }
}

extension PluginCommands {
    /// The config's plugins (commands come only from plugins) loaded with no store, as
    /// `policies check` does: finding a command never opens or creates a store.
    static func checkedPolicies(config explicit: String?) throws -> PolicySet {
        let path = try ConfigLocation.config(explicit: explicit, environment: ProcessInfo.processInfo.environment)
        var config = try StationConfig.load(path: path)
        config.policies = []
        return try PolicySet(
            config: config, world: CheckWorld(), clock: SystemClock(),
            logger: Logger(label: "stationkeeper", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Whether an enabled plugin adds the command `name`.
    static func checkedPolicies(config explicit: String?, owning name: String) throws -> Bool {
        let policies = try checkedPolicies(config: explicit)
        defer { policies.close() }
        return policies.runtimes.contains { $0.pluginCommands.contains { $0.name == name } }
    }
}
