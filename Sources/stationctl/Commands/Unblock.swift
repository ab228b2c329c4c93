import ArgumentParser
import SessionEngine

struct Unblock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock",
        abstract: "Unblock stations: each goes back to what its session makes it.",
        usage: """
            stationctl unblock <station>...
            stationctl unblock --computer <computer> --all
            """)

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("Stations: COMPUTER/STATION. All or none are unblocked.", valueName: "station"))
    var stations: [String] = []
    @Option(help: ArgumentHelp("With --all: every blocked station of this computer.", valueName: "computer"))
    var computer: String?
    @Flag(help: "Every station of --computer; the ones not blocked are reported.")
    var all = false
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try validateStationForms(stations: stations, computer: computer, all: all)
    }

    func run() throws {
        try Exit.guarding {
            let command: Command = if let computer { .unblockAll(computer: computer) } else { .unblock(try Parse.stations(stations)) }
            try Perform.run(command, actor: Operator.actor, lab: lab, options: action, output: output)
        }
    }
}
