import ArgumentParser
import SessionEngine

struct Suspend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend sessions: they stay in memory and their stations are freed.",
        usage: """
            stationctl suspend <session>... [--reason <text>] [--dry-run]
            stationctl suspend --station <station>
            stationctl suspend --computer <computer> --all
            """,
        discussion: "The user can sign in at any station of the same computer to continue.")

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("Sessions: numbers or USER@COMPUTER. All or none are suspended.", valueName: "session"))
    var sessions: [String] = []
    @Option(help: ArgumentHelp("The session on this station.", valueName: "station"))
    var station: String?
    @Option(help: ArgumentHelp("With --all: every active or locked session of this computer.", valueName: "computer"))
    var computer: String?
    @Flag(help: "Every session of --computer; the ones already suspended are reported, not refused.")
    var all = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        let forms = [!sessions.isEmpty, station != nil, computer != nil || all].filter { $0 }.count
        guard forms == 1, (computer == nil) == !all else {
            throw ValidationError("name sessions, or --station C/S, or --computer C --all (one of them)")
        }
    }

    func run() throws {
        try Exit.guarding {
            let command: Command
            if let station {
                command = .suspendStation(try StationID(parsing: station))
            } else if let computer {
                command = .suspendAll(computer: computer)
            } else {
                command = .suspend(try Parse.sessions(sessions))
            }
            try Perform.run(
                command, actor: Operator.actor, lab: lab, options: action, output: output,
                nothing: "no session to suspend")
        }
    }
}
