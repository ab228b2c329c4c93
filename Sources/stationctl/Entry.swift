import ArgumentParser
import Foundation

/// Runs a plugin's command when the first word names one, else the built-in commands.
@main
enum Entry {
    static func main() {
        signal(SIGPIPE, SIG_IGN)  // `stationctl … | head` and plugins' programs: errors, not deaths
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, !first.hasPrefix("-"), !Stationctl.builtinNames.contains(first),
            let status = PluginCommands.run(first, arguments: Array(arguments.dropFirst()))
        {
            exit(status)
        }
        if arguments.isEmpty || arguments == ["help"] || arguments == ["--help"] || arguments == ["-h"] {
            print(Stationctl.helpMessage())
            PluginCommands.printList()
            exit(0)
        }
        Stationctl.main()
    }
}
