import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "journal", abstract: "List journal events, oldest first.")

    @OptionGroup var lab: PathOptions
    @Option(
        help: ArgumentHelp(
            "Only events of this session (number, or USER@COMPUTER for all of that user's sessions there).", valueName: "session"))
    var session: String?
    @Option(help: ArgumentHelp("Only events on this computer.", valueName: "computer"))
    var computer: String?
    @Option(help: ArgumentHelp("Only events in this recent span, for example 90s, 5m, 2h, 1d.", valueName: "duration"))
    var since: String?
    @Option(help: ArgumentHelp("At most this many events, the most recent; 0 for all.", valueName: "n"))
    var limit = 50
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or a positive number, not \(limit)") }
    }

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let sinceDate = try since.map { text throws(EngineError) in context.now - Double(try Durations.seconds(text)) }
            let events = try context.store.journal(
                JournalFilter(
                    session: session.map { text throws(EngineError) in try SessionRef(parsing: text) },
                    computer: computer, since: sinceDate, limit: limit == 0 ? nil : limit))
            if output.json {
                print(JSON.array(events.map { Render.json($0) }).text, terminator: "")
                return
            }
            var table = Table("SEQ", "AT", "EVENT", "SESSION", "USER", "STATION", "FROM", "TO", "ACTOR", "REASON", "DETAIL")
            for event in events {
                table.add(
                    event.seq.map(String.init) ?? "-", event.at.iso8601, event.name.rawValue,
                    event.session.map(String.init) ?? "-", event.user ?? "-",
                    event.station?.description ?? event.computer ?? "-", event.from?.text ?? "-",
                    event.to?.text ?? "-", event.actor.rawValue, event.reason ?? "-", event.detail?.text ?? "")
            }
            print(table.text, terminator: "")
        }
    }
}
