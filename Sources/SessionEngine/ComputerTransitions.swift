import Foundation

/// Verbs on every session or station of a computer, and its power.
extension CommandRun {
    mutating func suspendAll(on name: String) throws(EngineError) {
        _ = try runningComputer(name)
        for session in lab.liveSessions(on: name) {
            if isProtected(session) {
                skip(session.handle, "protected user")
            } else if session.state == .suspended {
                skip(session.handle, "already suspended")
            } else {
                try suspend(session)
            }
        }
    }

    mutating func endAll(on name: String?) throws(EngineError) {
        if let name { _ = try computer(name) }
        for session in lab.liveSessions(on: name) {
            if isProtected(session) {
                skip(session.handle, "protected user")
            } else {
                try end(session, cause: .end)
            }
        }
    }

    mutating func messageAll(on name: String?, text: String) throws(EngineError) {
        if let name { _ = try computer(name) }
        for session in lab.liveSessions(on: name) {
            try message(session, text: text)
        }
    }

    mutating func schedule(_ shutdown: ScheduledShutdown, on name: String) throws(EngineError) {
        var computer = try runningComputer(name)
        guard shutdown.at > now else {
            throw .invalid("a scheduled \(shutdown.verb) must be in the future; use 'stationctl \(shutdown.verb) \(name)' to do it now")
        }
        let previous = computer.scheduled
        computer.scheduled = shutdown
        lab.computers[name] = computer
        outcome.touchedComputers.insert(name)
        record(
            .shutdownScheduled, computer: name, from: previous.map { .time($0.at) },
            to: .time(shutdown.at), detail: .scheduled(shutdown))
    }

    mutating func cancelShutdown(on name: String) throws(EngineError) {
        var computer = try computer(name)
        guard let scheduled = computer.scheduled else {
            throw .refused("no shutdown or restart is scheduled on \(name)")
        }
        computer.scheduled = nil
        lab.computers[name] = computer
        outcome.touchedComputers.insert(name)
        record(
            .shutdownCancelled, computer: name, from: .time(scheduled.at),
            detail: .cancelled(restart: scheduled.restart, at: scheduled.at))
    }

    mutating func carryOutSchedule(on name: String) throws(EngineError) {
        let computer = try computer(name)
        guard let scheduled = computer.scheduled, scheduled.at <= now else {
            throw .refused("no scheduled shutdown or restart of \(name) is due")
        }
        try powerDown(name, restart: scheduled.restart)
    }

    mutating func block(_ ids: [StationID], message: String) throws(EngineError) {
        var stations: [Station] = []
        for id in Set(ids).sorted() {
            let station = try station(id)
            if let current = station.blockMessage {
                throw .refused("station \(id) is already blocked (\"\(current)\")")
            }
            if let occupant = lab.session(on: id) { try guardProtected(occupant) }
            stations.append(station)
        }
        for station in stations { setBlock(station, message: message) }
    }

    mutating func blockAll(on name: String, message: String) throws(EngineError) {
        _ = try computer(name)
        for station in lab.stations(on: name) {
            if station.isBlocked {
                skip(station.id.description, "already blocked")
            } else if let occupant = lab.session(on: station.id), isProtected(occupant) {
                skip(station.id.description, "protected user")
            } else {
                setBlock(station, message: message)
            }
        }
    }

    mutating func unblock(_ ids: [StationID]) throws(EngineError) {
        var stations: [Station] = []
        for id in Set(ids).sorted() {
            let station = try station(id)
            guard station.isBlocked else { throw .refused("station \(id) is not blocked") }
            stations.append(station)
        }
        for station in stations { setBlock(station, message: nil) }
    }

    mutating func unblockAll(on name: String) throws(EngineError) {
        _ = try computer(name)
        for station in lab.stations(on: name) {
            if station.isBlocked {
                setBlock(station, message: nil)
            } else {
                skip(station.id.description, "not blocked")
            }
        }
    }

    mutating func powerDown(_ name: String, restart: Bool) throws(EngineError) {
        var computer = try computer(name)
        guard computer.power == .running else {
            throw .refused("computer \(name) is off" + (restart ? ": start it instead" : " already"))
        }
        let sessions = lab.liveSessions(on: name)
        if case .policy = actor, let guarded = sessions.first(where: isProtected) {
            throw .refused(
                "\(name) has a session of a protected user (\(guarded.handle)): a policy cannot \(restart ? "restart" : "shut down") it now; schedule it instead"
            )
        }
        let lost = sessions.filter { $0.state == .suspended }.count
        for session in sessions {
            try end(session, cause: restart ? .restart : .shutdown)
        }
        computer.power = restart ? .running : .off
        computer.scheduled = nil
        lab.computers[name] = computer
        outcome.touchedComputers.insert(name)
        record(
            restart ? .computerRestarted : .computerShutdown, computer: name,
            from: .power(.running), to: .power(computer.power), detail: .poweredDown(ended: sessions.count, suspended: lost))
    }

    mutating func start(_ name: String) throws(EngineError) {
        var computer = try computer(name)
        guard computer.power == .off else { throw .refused("computer \(name) is already running") }
        computer.power = .running
        lab.computers[name] = computer
        outcome.touchedComputers.insert(name)
        record(.computerStarted, computer: name, from: .power(.off), to: .power(.running))
    }

    private mutating func setBlock(_ station: Station, message: String?) {
        var station = station
        let before = lab.status(of: station)
        station.blockMessage = message
        lab.stations[station.id] = station
        outcome.touchedStations.insert(station.id)
        let occupant = lab.session(on: station.id)
        record(
            message == nil ? .stationUnblocked : .stationBlocked, session: occupant,
            computer: station.id.computer, station: station.id,
            from: .station(before), to: .station(lab.status(of: station)), detail: message.map(EventDetail.blockMessage))
    }
}
