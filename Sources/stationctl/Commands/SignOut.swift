import ArgumentParser
import SessionEngine

struct SignOut: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "sign-out", abstract: "Sign out (log off): the session ends and the station is freed.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .signOut(ref) }
}
