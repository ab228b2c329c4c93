import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

struct Sessions: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "List live sessions.")

    @OptionGroup var lab: PathOptions
    @Option(help: ArgumentHelp("Only sessions on this computer.", valueName: "computer"))
    var computer: String?
    @Option(help: ArgumentHelp("Only sessions in this state.", valueName: "state"))
    var state: SessionState?
    @Option(help: ArgumentHelp("Only this user's sessions.", valueName: "user"))
    var user: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let sessions = try context.store.sessions(
                SessionFilter(state: state, computer: computer, user: user, now: context.now))
            if output.json {
                return print(JSON.array(sessions.map { Render.json($0, now: context.now) }).text, terminator: "")
            }
            var table = Table("ID", "USER", "COMPUTER", "STATION", "STATE", "IDLE")
            for session in sessions {
                table.add(
                    "\(session.id)", session.user, session.computer, session.stationID?.description ?? "-",
                    Render.state(session, now: context.now), Durations.format(session.idleSeconds(at: context.now)))
            }
            print(table.text, terminator: "")
        }
    }
}
