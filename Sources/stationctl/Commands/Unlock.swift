import ArgumentParser
import SessionEngine

struct Unlock: UserSessionVerb {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a locked session.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .unlock(ref) }
}
