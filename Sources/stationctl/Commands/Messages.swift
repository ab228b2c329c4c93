import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

struct Messages: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "messages", abstract: "List the messages sent to a session, oldest first.")

    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session"))
    var session: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let ref = try SessionRef(parsing: session)
            var filter = JournalFilter(session: ref)
            if case .user(_, let computer) = ref {
                // The live session when there is one; after it ended, every session of that user
                // there (the journal query refuses an unknown computer, naming the known ones).
                do {
                    filter.session = .id(try context.store.session(ref).id)
                } catch EngineError.unknown {
                    filter.computer = computer
                }
            }
            let messages = try context.store.journal(filter).filter { $0.name == .messageSent }
            if output.json {
                return print(
                    JSON.array(
                        messages.map { event in
                            .object([
                                ("seq", .int(event.seq)), ("at", .date(event.at)), ("session", .int(event.session)),
                                ("user", .string(event.user)), ("actor", .string(event.actor.rawValue)),
                                ("text", .string(event.detail?.text)),
                            ])
                        }
                    ).text, terminator: "")
            }
            var table = Table("AT", "FROM", "TEXT")
            for event in messages { table.add(event.at.iso8601, event.actor.rawValue, event.detail?.text ?? "") }
            print(table.text, terminator: "")
        }
    }
}
