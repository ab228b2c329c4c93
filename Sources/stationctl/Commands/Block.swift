import ArgumentParser
import SessionEngine

struct Block: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Block stations: they show a message and nobody can sign in; a session there stays alive.",
        usage: """
            stationctl block <station>... [--message <text>]
            stationctl block --computer <computer> --all [--message <text>]
            """)

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("Stations: COMPUTER/STATION. All or none are blocked.", valueName: "station"))
    var stations: [String] = []
    @Option(help: ArgumentHelp("With --all: every station of this computer.", valueName: "computer"))
    var computer: String?
    @Flag(help: "Every station of --computer; the ones already blocked are reported.")
    var all = false
    @Option(help: ArgumentHelp("What the blocked stations show.", valueName: "text"))
    var message = Command.defaultBlockMessage
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try validateStationForms(stations: stations, computer: computer, all: all)
        guard !message.isEmpty else { throw ValidationError("--message must not be empty") }
    }

    func run() throws {
        try Exit.guarding {
            let command: Command =
                if let computer {
                    .blockAll(computer: computer, message: message)
                } else {
                    .block(try Parse.stations(stations), message: message)
                }
            try Perform.run(command, actor: Operator.actor, lab: lab, options: action, output: output)
        }
    }
}
