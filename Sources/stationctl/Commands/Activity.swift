import ArgumentParser
import SessionEngine

struct Activity: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "Record user activity on an active session (resets its idle time; not journaled).")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .activity(ref) }
    static var quietResult: String { "recorded activity: idle time is now 0s" }
}
