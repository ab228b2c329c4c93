import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one session.")

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session"))
    var session: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let session = try context.store.session(SessionRef(parsing: session))
            if output.json {
                print(Render.json(session, now: context.now).text, terminator: "")
                return
            }
            let lines = [
                ("Session", "\(session.id) (\(session.handle))"),
                ("Station", session.stationID?.description ?? "- (suspended: sign in at any station of \(session.computer) to reconnect)"),
                ("State", Render.state(session, now: context.now)),
                ("Since", session.stateSince.iso8601),
                ("Signed in", session.startedAt.iso8601),
                ("Last activity", "\(session.lastActivity.iso8601) (idle \(Durations.format(session.idleSeconds(at: context.now))))"),
            ]
            for (key, value) in lines {
                print(key.padding(toLength: 14, withPad: " ", startingAt: 0) + value)
            }
        }
    }
}
