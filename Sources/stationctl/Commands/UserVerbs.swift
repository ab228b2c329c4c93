import ArgumentParser
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
                print(output.json ? Render.json(outcome, dryRun: true).text
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
            table.add("\(session.id)", session.user, session.computer, session.stationID?.description ?? "-",
                      Render.state(session, now: context.now))
            print(table.text, terminator: "")
        }
    }
}

/// The user's verbs on their own session share one shape.
protocol UserSessionVerb: ParsableCommand {
    var lab: PathOptions { get }
    var session: String { get }
    var action: ActionOptions { get }
    var output: OutputOptions { get }
    static func command(_ ref: SessionRef) -> Command
    /// What to print when the verb changes no journaled state.
    static var quietResult: String { get }
}

extension UserSessionVerb {
    func run() throws {
        try Exit.guarding {
            let ref = try SessionRef(parsing: session)
            try Perform.run(Self.command(ref), actor: .user, lab: lab, options: action, output: output,
                           nothing: Self.quietResult)
        }
    }

    static var quietResult: String { "nothing to do" }
}

struct Lock: UserSessionVerb {
    static let configuration = CommandConfiguration(commandName: "lock", abstract: "Lock an active session: its station shows a lock screen and stays taken.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .lock(ref) }
}

struct Unlock: UserSessionVerb {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Unlock a locked session.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .unlock(ref) }
}

struct Disconnect: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Disconnect: the session stays in memory (suspended by the user) and the station is freed.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .disconnect(ref) }
}

struct SignOut: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "sign-out", abstract: "Sign out (log off): the session ends and the station is freed.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .signOut(ref) }
}

struct Activity: UserSessionVerb {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "Record user activity on an active session (resets its idle time; not journaled).")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The session: its number or USER@COMPUTER.", valueName: "session")) var session: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static func command(_ ref: SessionRef) -> Command { .activity(ref) }
    static var quietResult: String { "recorded activity: idle time is now 0s" }
}
