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
            try Perform.run(command, actor: .admin, lab: lab, options: action, output: output,
                           nothing: "no session to suspend")
        }
    }
}

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
            try Perform.run(command, actor: .admin, lab: lab, options: action, output: output,
                           nothing: "no live session to end")
        }
    }
}

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
            let command: Command = if let computer {
                .blockAll(computer: computer, message: message)
            } else {
                .block(try Parse.stations(stations), message: message)
            }
            try Perform.run(command, actor: .admin, lab: lab, options: action, output: output)
        }
    }
}

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
            try Perform.run(command, actor: .admin, lab: lab, options: action, output: output)
        }
    }
}

/// `block` and `unblock` take stations, or `--computer C --all`.
private func validateStationForms(stations: [String], computer: String?, all: Bool) throws {
    guard stations.isEmpty == (computer != nil), (computer != nil) == all else {
        throw ValidationError("name stations (COMPUTER/STATION), or --computer C --all (one of them)")
    }
}

