import ArgumentParser
import SessionEngine

struct Lock: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Lock an active session: its station shows a lock screen and stays taken.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .lock(ref) }
}
