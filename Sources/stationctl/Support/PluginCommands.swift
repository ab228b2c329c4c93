import Foundation
import Logging
import Policies
import SessionEngine
import StationConfig

/// `stationctl NAME ARGS…` for commands that plugins add.
enum PluginCommands {
    /// Runs the plugin command `name` if an enabled plugin adds one; `nil` when none does.
    static func run(_ name: String, arguments: [String]) -> Int32? {
        var rest = arguments
        let paths = Self.extractPaths(from: &rest)
        let host: PolicyHost
        do {
            host = try Context.host(for: try Context.open(config: paths.config, store: paths.store))
        } catch let error as ConfigError where !error.message.hasPrefix("no config found") {
            // A broken config must not pass for an unknown command: say what is wrong with it.
            Console.error("\(error) (while looking for the plugin command '\(name)')")
            return Exit.configError
        } catch {
            return nil
        }
        defer { host.close() }
        for runtime in host.runtimes {
            guard let command = runtime.pluginCommands.first(where: { $0.name == name }) else { continue }
            if rest.contains("--help") || rest.contains("-h") {
                print("OVERVIEW: \(command.summary)\n\nUSAGE: \(command.usage)\n")
                if !command.help.isEmpty { print(command.help) }
                print("(a command of the plugin \(runtime.name), \(runtime.file))")
                return 0
            }
            let result = host.runCommand(command, in: runtime, arguments: rest) { print($0) }
            if let message = result.error {
                Console.error(message)
            }
            return result.status
        }
        return nil
    }

    /// The plugin commands of the config found the usual way, for `stationctl help`.
    static func printList() {
        let host: PolicyHost
        do {
            host = try Context.host(for: try Context.open(config: nil, store: nil))
        } catch let error as ConfigError where !error.message.hasPrefix("no config found") {
            print("PLUGIN COMMANDS: none listed: the config has an error: \(error)")
            return
        } catch {
            return
        }
        defer { host.close() }
        let commands = host.runtimes.flatMap { runtime in runtime.pluginCommands.map { (runtime.name, $0) } }
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

extension Context {
    /// Loads the config's policies and plugins for this command.
    static func host(for context: Context, inspecting: Bool = false) throws -> PolicyHost {
        try PolicyHost(config: context.config, store: context.store, clock: context.clock,
                       logger: Logger(label: "stationkeeper"), inspecting: inspecting)
    }
}
