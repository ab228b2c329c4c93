import ArgumentParser
import Foundation
import SessionEngine
import SessionStore

struct Computers: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "computers", abstract: "List computers with their power, stations and live sessions.")

    @OptionGroup var lab: PathOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding(list)
    }

    private func list() throws {
        let context = try Context.open(lab, readOnly: true)
        let computers = try context.store.computers()
        if output.json {
            print(JSON.array(computers.map { Render.json($0) }).text, terminator: "")
            return
        }
        var table = Table("COMPUTER", "POWER", "STATIONS", "SESSIONS", "SHUTDOWN")
        for info in computers {
            var shutdown = "-"
            if let at = info.computer.shutdownAt { shutdown = "at \(at.iso8601)" }
            table.add(info.computer.name, info.computer.power.rawValue, String(info.stations), String(info.sessions), shutdown)
        }
        print(table.text, terminator: "")
    }
}

struct Stations: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stations", abstract: "List stations with their status and who is on them.")

    @OptionGroup var lab: PathOptions
    @Option(help: ArgumentHelp("Only the stations of this computer.", valueName: "computer"))
    var computer: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab, readOnly: true)
            let stations = try context.store.stations(computer: computer)
            if output.json {
                print(JSON.array(stations.map { Render.json($0) }).text, terminator: "")
                return
            }
            var table = Table("STATION", "STATUS", "USER", "SESSION", "MESSAGE")
            for info in stations {
                table.add(info.station.id.description, info.status.rawValue, info.user ?? "-",
                          info.session.map(String.init) ?? "-", info.station.blockMessage ?? "")
            }
            print(table.text, terminator: "")
        }
    }
}

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
                table.add("\(session.id)", session.user, session.computer, session.stationID?.description ?? "-",
                          Render.state(session, now: context.now), Durations.format(session.idleSeconds(at: context.now)))
            }
            print(table.text, terminator: "")
        }
    }
}

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

struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "journal", abstract: "List journal events, oldest first.")

    @OptionGroup var lab: PathOptions
    @Option(help: ArgumentHelp("Only events of this session (number, or USER@COMPUTER for all of that user's sessions there).", valueName: "session"))
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
            let events = try context.store.journal(JournalFilter(
                session: session.map { text throws(EngineError) in try SessionRef(parsing: text) },
                computer: computer, since: sinceDate, limit: limit == 0 ? nil : limit))
            if output.json {
                print(JSON.array(events.map { Render.json($0) }).text, terminator: "")
                return
            }
            var table = Table("SEQ", "AT", "EVENT", "SESSION", "USER", "STATION", "FROM", "TO", "ACTOR", "REASON")
            for event in events {
                table.add(event.seq.map(String.init) ?? "-", event.at.iso8601, event.name.rawValue,
                          event.session.map(String.init) ?? "-", event.user ?? "-",
                          event.station?.description ?? event.computer ?? "-", event.from?.text ?? "-",
                          event.to?.text ?? "-", event.actor.rawValue, event.reason ?? event.detail?.text ?? "")
            }
            print(table.text, terminator: "")
        }
    }
}
