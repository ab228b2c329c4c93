import ArgumentParser
import Presentation
import SessionEngine

struct SignIn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-in",
        abstract: "Sign a user in at a station.",
        discussion: """
            Starts a new session, or reconnects the user's suspended session on that computer at \
            this station, or moves the user's live session there from another station.
            """)

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("Who signs in.", valueName: "user"))
    var user: String
    @Option(help: ArgumentHelp("Where: COMPUTER/STATION.", valueName: "station"))
    var station: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let command = Command.signIn(user: user, station: try StationID(parsing: station))
            let context = try Context.open(lab)
            let outcome = try context.store.perform(
                command, actor: .user, reason: action.reason, at: context.now, dryRun: action.dryRun,
                rules: context.config.rules)
            if action.dryRun {
                print(
                    output.json
                        ? Render.json(outcome, dryRun: true).text
                        : Render.outcome(outcome, dryRun: true, nothing: ""), terminator: "")
                return
            }
            // A sign-in that is not refused journals exactly one event: signed_in, reconnected or moved.
            guard let event = outcome.events.last, let id = event.session else { return }
            let session = try context.store.session(.id(id))
            if output.json {
                print(Render.json(session, now: context.now).text, terminator: "")
                return
            }
            print(Render.sentence(event))
            var table = Table("ID", "USER", "COMPUTER", "STATION", "STATE")
            table.add(
                "\(session.id)", session.user, session.computer, session.stationID?.description ?? "-",
                Render.state(session, now: context.now))
            print(table.text, terminator: "")
        }
    }
}
