import ArgumentParser

struct Stationctl: ParsableCommand {
    /// The built-in commands' names: a plugin's command never shadows one. Every command names
    /// itself; one that did not would get ArgumentParser's default, its type name in kebab case.
    static var builtinNames: Set<String> {
        Set(configuration.subcommands.map { $0.configuration.commandName ?? kebabCase(String(describing: $0)) } + ["help"])
    }

    /// `SignIn` → `sign-in`.
    static func kebabCase(_ typeName: String) -> String {
        var words = ""
        for character in typeName {
            if character.isUppercase, !words.isEmpty { words.append("-") }
            words.append(Character(character.lowercased()))
        }
        return words
    }

    static let configuration = CommandConfiguration(
        commandName: "stationctl",
        abstract: "Manage the sessions and stations of shared school computers.",
        discussion: """
            Stations are named COMPUTER/STATION (LAB-1/3). A session is named by its number \
            or by USER@COMPUTER (alice@LAB-1).

            Exit codes: 0 success, 2 unknown name, 3 refused transition, 4 config error, \
            5 store error, 64 usage error, 1 anything else.

            Plugins enabled in the config add their own commands: 'stationctl help' lists them.
            """,
        version: Version.number,
        subcommands: [
            Computers.self, Stations.self, Sessions.self, Show.self, Journal.self,
            SignIn.self, Lock.self, Unlock.self, Disconnect.self, SignOut.self, Activity.self,
            Suspend.self, End.self, Block.self, Unblock.self,
            Shutdown.self, Restart.self, Start.self, Message.self, Messages.self,
            Serve.self, Policies.self, CalendarCommand.self, Simulate.self, Demo.self, Init.self, CheckStore.self, Backup.self,
            MigrateStore.self, Daemons.self,
            Admins.self,
            DashboardCommand.self, Version.self,
        ]
    )
}
