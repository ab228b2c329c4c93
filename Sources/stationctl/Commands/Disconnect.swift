import ArgumentParser
import SessionEngine

struct Disconnect: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Disconnect: the session stays in memory (suspended by the user) and the station is freed.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .disconnect(ref) }
}
