import Foundation

/// The user's verbs and the admin's verbs on one session.
extension CommandRun {
    mutating func signIn(user: String, at stationID: StationID, nextSessionID: () -> Int64) throws(EngineError) {
        try Names.validate(user, as: "user")
        let computer = try runningComputer(stationID.computer)
        if computer.retired {
            throw .refused(
                "computer \(computer.name) is no longer in the config: it stays only until its live sessions end, and refuses new sign-ins")
        }
        if let scheduled = computer.scheduled, now >= scheduled.at - rules.nologinWindow {
            let left = Durations.format(Int(scheduled.at.timeIntervalSince(now)))
            throw .refused(
                "\(computer.name) will \(scheduled.restart ? "restart" : "shut down") at \(scheduled.at.iso8601) (in \(left)): new sign-ins are refused until then"
            )
        }
        let station = try station(stationID)
        if station.retired {
            throw .refused(
                "station \(stationID) is no longer in the config: it stays only until the session there ends, and refuses new sign-ins")
        }
        if let message = station.blockMessage {
            throw .refused("station \(stationID) is blocked (\"\(message)\"): nobody can sign in there until it is unblocked")
        }
        if let occupant = lab.session(on: stationID) {
            if occupant.user == user {
                let hint = occupant.state == .locked ? "; unlock it instead" : ""
                throw .refused("\(user) is already signed in at \(stationID) (\(occupant.state.rawValue))\(hint)")
            }
            throw .refused("station \(stationID) is taken: \(occupant.handle) is \(occupant.state.rawValue) there")
        }
        guard var session = lab.session(of: user, on: stationID.computer) else {
            let session = Session(
                id: nextSessionID(), user: user, computer: stationID.computer, station: stationID.name,
                state: .active, startedAt: now, stateSince: now, lastActivity: now)
            store(session)
            record(.signedIn, session: session, to: .session(.active))
            return
        }
        let previous = session
        session.station = stationID.name
        session.state = .active
        session.suspendedBy = nil
        session.stateSince = now
        session.lastActivity = now
        if let oldStation = previous.stationID { outcome.touchedStations.insert(oldStation) }
        store(session)
        if previous.state == .suspended {
            record(.reconnected, session: session, from: .session(previous.state), to: .session(session.state))
        } else {
            record(
                .moved, session: session, from: .session(previous.state), to: .session(session.state),
                detail: previous.stationID.map(EventDetail.movedFrom))
        }
    }

    mutating func lock(_ session: Session) throws(EngineError) {
        try requireUsable(session)
        try require(session, in: [.active], toBe: "locked")
        try change(session, to: .locked, event: .locked)
    }

    mutating func unlock(_ session: Session) throws(EngineError) {
        try requireUsable(session)
        try require(session, in: [.locked], toBe: "unlocked")
        // Typing the password at the lock screen is the user's activity.
        var unlocking = session
        unlocking.lastActivity = now
        try change(unlocking, to: .active, event: .unlocked)
    }

    mutating func disconnect(_ session: Session) throws(EngineError) {
        try requireUsable(session)
        try require(session, in: [.active, .locked], toBe: "disconnected")
        try change(session, to: .suspended, event: .suspended)
    }

    mutating func signOut(_ session: Session) throws(EngineError) {
        try requireUsable(session)
        if session.state == .suspended {
            throw .refused("\(Self.label(session)) is suspended: sign in to reconnect first, or an admin can end it")
        }
        try end(session, cause: .signOut)
    }

    mutating func activity(_ session: Session) throws(EngineError) {
        try requireUsable(session)
        try require(session, in: [.active], toBe: "marked active")
        var session = session
        session.lastActivity = now
        store(session)
    }

    mutating func suspend(_ session: Session) throws(EngineError) {
        if session.state == .suspended {
            throw .refused("\(Self.label(session)) is already suspended")
        }
        if session.computer == rules.logindComputer {
            throw .refused(
                "\(session.computer) follows logind, which cannot switch a seat away from \(Self.label(session)) to a greeter: lock it, or end it (its user can switch user or disconnect)"
            )
        }
        try change(session, to: .suspended, event: .suspended)
    }

    mutating func suspendStation(_ id: StationID) throws(EngineError) {
        _ = try station(id)
        guard let session = lab.session(on: id) else {
            throw .refused("no session on station \(id): it is available")
        }
        try suspend(session)
    }

    mutating func end(_ session: Session, cause: EndCause) throws(EngineError) {
        guard session.isLive else { throw .refused("\(Self.label(session)) is already ended") }
        try guardProtected(session)
        var ended = session
        ended.state = .ended
        ended.station = nil
        ended.suspendedBy = nil
        ended.stateSince = now
        ended.endCause = cause
        lab.sessions[session.id] = ended
        outcome.touchedSessions.insert(session.id)
        if let station = session.stationID { outcome.touchedStations.insert(station) }
        record(.ended, session: session, from: .session(session.state), to: .session(.ended), detail: .endCause(cause))
    }

    mutating func message(_ session: Session, text: String) throws(EngineError) {
        // Not Foundation's trimming, which copies the text through UTF-16 (a district's 22:00 sends 200,000).
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .invalid("a message needs some text")
        }
        // Protection keeps policies from acting on a session; telling its user something is not acting.
        // Nor does it change the session's row: only the journal gets the message.
        record(.messageSent, session: session, detail: .message(text))
    }

    // MARK: Helpers

    /// The config's `protect`: no policy action touches these users' sessions.
    func isProtected(_ session: Session) -> Bool {
        if case .policy = actor { return rules.protectedUsers.contains(session.user) }
        return false
    }

    func guardProtected(_ session: Session) throws(EngineError) {
        guard isProtected(session) else { return }
        throw .refused("\(Self.label(session)) belongs to a protected user: policies do not act on it")
    }

    /// A user cannot act at a station an admin has blocked.
    func requireUsable(_ session: Session) throws(EngineError) {
        guard actor == .user, let id = session.stationID, let message = lab.stations[id]?.blockMessage else { return }
        throw .refused("station \(id) is blocked (\"\(message)\"): \(Self.label(session)) cannot be used until it is unblocked")
    }

    func require(_ session: Session, in states: Set<SessionState>, toBe verb: String) throws(EngineError) {
        guard states.contains(session.state) else {
            let allowed = SessionState.allCases.filter(states.contains).map(\.rawValue).joined(separator: " or ")
            let article = allowed.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            throw .refused("\(Self.label(session)) is \(session.state.rawValue): only \(article) \(allowed) session can be \(verb)")
        }
    }

    mutating func change(_ session: Session, to state: SessionState, event: EventName) throws(EngineError) {
        guard session.isLive else { throw .refused("\(Self.label(session)) is ended") }
        try guardProtected(session)
        var changed = session
        changed.state = state
        changed.stateSince = now
        if state == .suspended {
            changed.station = nil
            changed.suspendedBy = actor.suspender
        }
        if let station = session.stationID { outcome.touchedStations.insert(station) }
        store(changed)
        record(
            event, session: changed, station: session.stationID,
            from: .session(session.state), to: .session(state))
    }
}
