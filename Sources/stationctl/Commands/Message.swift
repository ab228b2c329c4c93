import ArgumentParser
import Foundation
import SessionEngine
import SessionStore

struct Message: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Send a message to sessions (recorded as message_sent; a notifier plugin delivers it to screens).",
        usage: """
            stationctl message <session>... <text>
            stationctl message --computer <computer> --all <text>
            stationctl message --all <text>
            """)

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("Sessions (numbers or USER@COMPUTER), then the text.", valueName: "session… text"))
    var words: [String] = []
    @Option(help: ArgumentHelp("With --all: every live session of this computer.", valueName: "computer"))
    var computer: String?
    @Flag(help: "Every live session (of --computer, or of every computer).")
    var all = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard let text = words.last, !text.isEmpty else { throw ValidationError("give the message text last") }
        if computer != nil && !all { throw ValidationError("--computer goes with --all") }
        if all && words.count != 1 { throw ValidationError("with --all, give only the text") }
        if !all && words.count < 2 { throw ValidationError("name at least one session before the text, or use --all") }
    }

    func run() throws {
        try Exit.guarding {
            let text = words.last ?? ""
            let command: Command =
                all
                ? .messageAll(computer: computer, text: text)
                : .message(try Parse.sessions(Array(words.dropLast())), text: text)
            try Perform.run(
                command, actor: Operator.actor, lab: lab, options: action, output: output,
                nothing: "no live session to tell")
        }
    }
}
