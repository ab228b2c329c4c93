import Foundation

/// One command being applied to a copy of the slice (not a database transaction: the store wraps it in one).
struct CommandRun {
    var lab: LabState
    var outcome = Outcome()
    let actor: Actor
    let reason: String?
    let now: Date
    let rules: EngineRules
    let history: (any SessionHistory)?

    init(lab: LabState, actor: Actor, reason: String?, now: Date, rules: EngineRules, history: (any SessionHistory)?) {
        self.lab = lab
        self.actor = actor
        self.reason = reason
        self.now = now
        self.rules = rules
        self.history = history
    }

    mutating func apply(_ command: Command, nextSessionID: () -> Int64) throws(EngineError) {
        switch command {
        case .signIn(let user, let station): try signIn(user: user, at: station, nextSessionID: nextSessionID)
        case .lock(let ref): try lock(resolve(ref))
        case .unlock(let ref): try unlock(resolve(ref))
        case .disconnect(let ref): try disconnect(resolve(ref))
        case .signOut(let ref): try signOut(resolve(ref))
        case .activity(let ref): try activity(resolve(ref))
        case .suspend(let refs): for session in try resolveAll(refs) { try suspend(session) }
        case .suspendStation(let station): try suspendStation(station)
        case .suspendAll(let computer): try suspendAll(on: computer)
        case .end(let refs): for session in try resolveAll(refs) { try end(session, cause: .end) }
        case .endAll(let computer): try endAll(on: computer)
        case .block(let stations, let message): try block(stations, message: message)
        case .blockAll(let computer, let message): try blockAll(on: computer, message: message)
        case .unblock(let stations): try unblock(stations)
        case .unblockAll(let computer): try unblockAll(on: computer)
        case .shutdown(let computer): try powerDown(computer, restart: false)
        case .restart(let computer): try powerDown(computer, restart: true)
        case .start(let computer): try start(computer)
        case .schedule(let computer, let shutdown): try schedule(shutdown, on: computer)
        case .cancelShutdown(let computer): try cancelShutdown(on: computer)
        case .carryOutSchedule(let computer): try carryOutSchedule(on: computer)
        case .message(let refs, let text): for session in try resolveAll(refs) { try message(session, text: text) }
        case .messageAll(let computer, let text): try messageAll(on: computer, text: text)
        }
    }

    // MARK: Recording

    mutating func record(
        _ name: EventName, session: Session? = nil, computer: String? = nil,
        station: StationID? = nil, from: EventState? = nil, to: EventState? = nil,
        detail: EventDetail? = nil
    ) {
        outcome.events.append(
            Event(
                at: now, name: name, session: session?.id, user: session?.user,
                computer: computer ?? session?.computer, station: station ?? session?.stationID,
                from: from, to: to, actor: actor, reason: reason, detail: detail))
    }

    mutating func store(_ session: Session) {
        lab.sessions[session.id] = session
        outcome.touchedSessions.insert(session.id)
        if let station = session.stationID { outcome.touchedStations.insert(station) }
    }

    mutating func skip(_ target: String, _ reason: String) {
        outcome.skipped.append(Outcome.Skip(target: target, reason: reason))
    }
}
