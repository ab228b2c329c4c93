import ArgumentParser
import SessionEngine

struct End: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "End sessions: they leave memory, unsaved work is lost, stations are freed.",
        usage: """
            stationctl end <session>... [--reason <text>] [--dry-run]
            stationctl end --computer <computer> --all
            stationctl end --all
            """)

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("Sessions: numbers or USER@COMPUTER. All or none are ended.", valueName: "session"))
    var sessions: [String] = []
    @Option(help: ArgumentHelp("With --all: only this computer's sessions.", valueName: "computer"))
    var computer: String?
    @Flag(help: "Every live session (of --computer, or of every computer).")
    var all = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard sessions.isEmpty == all, computer == nil || all else {
            throw ValidationError("name sessions, or --computer C --all, or --all (one of them)")
        }
    }

    func run() throws {
        try Exit.guarding {
            let command: Command = all ? .endAll(computer: computer) : .end(try Parse.sessions(sessions))
            try Perform.run(
                command, actor: Operator.actor, lab: lab, options: action, output: output,
                nothing: "no live session to end")
        }
    }
}
