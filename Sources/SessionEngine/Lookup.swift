import Foundation

/// Resolving names inside a slice, with the messages a user sees when they do not resolve.
extension CommandRun {
    func computer(_ name: String) throws(EngineError) -> Computer {
        guard let computer = lab.computers[name] else {
            let known = lab.computers.keys.sorted().joined(separator: ", ")
            throw .unknown("no computer '\(name)' in the config" + (known.isEmpty ? "" : " (known here: \(known))"))
        }
        return computer
    }

    func runningComputer(_ name: String) throws(EngineError) -> Computer {
        let computer = try computer(name)
        guard computer.power == .running else {
            throw .refused("computer \(name) is off: start it first with 'stationctl start \(name)'")
        }
        return computer
    }

    func station(_ id: StationID) throws(EngineError) -> Station {
        _ = try computer(id.computer)
        guard let station = lab.stations[id] else {
            let names = lab.stations(on: id.computer).map(\.id.name).joined(separator: ", ")
            throw .unknown("no station '\(id.name)' on \(id.computer) (its stations: \(names))")
        }
        return station
    }

    func resolve(_ ref: SessionRef) throws(EngineError) -> Session {
        switch ref {
        case .id(let id):
            if let session = lab.sessions[id] {
                guard session.isLive else { throw .refused("session \(id) (\(session.handle)) is ended") }
                return session
            }
            if let summary = history?.endedSessionSummary(id) {
                throw .refused("session \(id) is ended (\(summary)); nothing can be done to it")
            }
            throw .unknown("no session \(id)")
        case .user(let user, let computerName):
            _ = try computer(computerName)
            guard let session = lab.session(of: user, on: computerName) else {
                throw .unknown("\(user) has no live session on \(computerName)")
            }
            return session
        }
    }

    /// Resolves every name first, so one bad name refuses the whole command.
    func resolveAll(_ refs: [SessionRef]) throws(EngineError) -> [Session] {
        var seen = Set<Int64>()
        var sessions: [Session] = []
        for ref in refs {
            let session = try resolve(ref)
            if seen.insert(session.id).inserted { sessions.append(session) }
        }
        return sessions
    }

    /// `session 4 (alice@LAB-1)`.
    static func label(_ session: Session) -> String {
        "session \(session.id) (\(session.handle))"
    }
}
