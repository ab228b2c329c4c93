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
            let command: Command = all
                ? .messageAll(computer: computer, text: text)
                : .message(try Parse.sessions(Array(words.dropLast())), text: text)
            try Perform.run(command, actor: .admin, lab: lab, options: action, output: output,
                           nothing: "no live session to tell")
        }
    }
}

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
            let id: Int64
            switch ref {
            case .id(let number): id = number
            case .user: id = try context.store.session(ref).id
            }
            let messages = try context.store.journal(JournalFilter(session: .id(id))).filter { $0.name == .messageSent }
            if output.json {
                return print(JSON.array(messages.map { event in
                    .object([("seq", .int(event.seq)), ("at", .date(event.at)), ("session", .int(event.session)),
                             ("user", .string(event.user)), ("actor", .string(event.actor.rawValue)),
                             ("text", .string(event.detail?.text))])
                }).text, terminator: "")
            }
            var table = Table("AT", "FROM", "TEXT")
            for event in messages { table.add(event.at.iso8601, event.actor.rawValue, event.detail?.text ?? "") }
            print(table.text, terminator: "")
        }
    }
}
