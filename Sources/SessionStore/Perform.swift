import Foundation
import SessionEngine

extension SessionStore {
    /// Applies a command in one write transaction: the changed rows and their journal events commit together.
    ///
    /// - Parameter dryRun: plan only, in a read transaction; nothing is written.
    /// - Returns: what was done, with the events' `seq` filled in.
    /// - Throws: ``SessionEngine/EngineError`` when the command does not apply; ``StoreError``.
    ///   - rules: the config's `protect` and nologin window.
    ///   - depth: the cascade depth of the events this action produces (0 unless a policy reacts to an event).
    ///   - policyLimit: the config's `limit { policy_actions_per_minute = N }`, checked for policy actors.
    @discardableResult
    public func perform(
        _ command: Command, actor: Actor, reason: String? = nil, at now: Date, dryRun: Bool = false,
        rules: EngineRules = EngineRules(), depth: Int = 0, policyLimit: Int? = nil
    ) throws -> Outcome {
        if dryRun {
            return try read { db in
                try Self.plan(
                    command, actor: actor, reason: reason, at: now, rules: rules,
                    slice: Self.loadSlice(for: command, in: db), in: db
                ).outcome
            }
        }
        return try write { db in
            let before = try Self.loadSlice(for: command, in: db)
            var (lab, outcome) = try Self.plan(command, actor: actor, reason: reason, at: now, rules: rules, slice: before, in: db)
            if case .policy = actor, let policyLimit, !outcome.events.isEmpty {
                try Self.checkPolicyLimit(policyLimit, adding: outcome.events.count, at: now, in: db)
            }
            try Self.save(&lab, before: before, outcome: outcome, in: db)
            if case .policy = actor { try Self.countPolicyEvents(outcome.events.count, at: now, in: db) }
            // A retired station or computer goes with the session that kept it.
            if !outcome.touchedSessions.isEmpty { try Self.removeRetired(in: db) }
            for index in outcome.events.indices {
                outcome.events[index].depth = depth
                outcome.events[index].seq = try Self.append(outcome.events[index], in: db)
            }
            return outcome
        }.counted(by: self)
    }

    /// Appends events that are not transitions (a policy's failure) in one transaction.
    @discardableResult
    public func record(_ events: [Event]) throws -> [Int64] {
        let seqs = try write { db in
            for event in events where event.actor.policyName != nil && event.name != .policyError {
                try Self.countPolicyEvents(1, at: event.at, in: db)
            }
            return try events.map { try Self.append($0, in: db) }
        }
        countAppended(seqs.count)
        return seqs
    }

    /// Events policies caused in the last minute, by whole seconds: the 60 seconds ending with now's.
    static func checkPolicyLimit(_ limit: Int, adding count: Int, at now: Date, in db: any SQLConnection) throws {
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        let recent: Int =
            try db.one("SELECT COALESCE(SUM(events), 0) FROM policy_rate WHERE second > ? AND second <= ?", [second - 60, second]) ?? 0
        if recent + count > limit {
            throw PolicyLimitError(limit: limit, recent: recent, wanted: count)
        }
    }

    static func plan(
        _ command: Command, actor: Actor, reason: String?, at now: Date, rules: EngineRules,
        slice: LabState, in db: any SQLConnection
    ) throws -> (lab: LabState, outcome: Outcome) {
        var lab = slice
        var nextID: Int64?
        var failure: (any Error)?
        let history = JournalHistory(db: db)
        let outcome = try Engine.apply(
            command, actor: actor, reason: reason, at: now, to: &lab, rules: rules, history: history
        ) {
            // Read only when a session is created.
            do {
                let id = try nextID.map { $0 + 1 } ?? Self.nextSessionID(in: db)
                // PostgreSQL's sequence hands out one id per call; SQLite's counter moves with the insert.
                nextID = db.dialect == .sqlite ? id : nil
                return id
            } catch {
                failure = error
                return -1
            }
        }
        if let failure = failure ?? history.failure { throw failure }
        return (lab, outcome)
    }

    /// The slice of the lab a command needs: for a command on named sessions, those sessions with
    /// their computers and stations; otherwise the computers it touches with their live sessions,
    /// and all their stations or, unless it ``SessionEngine/Command/readsEveryStation``, those the
    /// sessions are on (scheduling a shutdown reads one row of a 100-station computer, not 101).
    static func loadSlice(for command: Command, in db: any SQLConnection) throws -> LabState {
        if let refs = command.sessionRefs { return try sessionSlice(refs, in: db) }
        var names = command.computers
        let ids = command.sessionIDs
        if !ids.isEmpty {
            let owners: [String] = try db.column(
                "SELECT DISTINCT computer FROM session WHERE id IN \(placeholders(ids.count))", ids.map { $0 })
            names = (names ?? []).union(owners)
        }
        guard let names else {
            // A command on every computer (`end --all`): what the lab's live sessions touch, not the
            // whole lab (a district has half a million stations and few sessions at night).
            return LabState(
                computers: try db.rows(
                    "SELECT \(Computer.columns) FROM computer WHERE name IN (SELECT DISTINCT computer FROM session)", [],
                    Computer.init(row:)),
                stations: try db.rows(
                    """
                    SELECT \(Station.columns("st.")) FROM station st
                    JOIN session s ON s.computer = st.computer AND s.station = st.name
                    """, [], Station.init(row:)),
                sessions: try Session.fetchAll(db, sql: "SELECT \(Session.columns) FROM session"))
        }
        let list = Array(names)
        let inList = placeholders(list.count)
        let arguments: SQLArguments = list.map { $0 }
        return LabState(
            computers: try db.rows(
                "SELECT \(Computer.columns) FROM computer WHERE name IN \(inList)", arguments, Computer.init(row:)),
            stations: try db.rows(
                command.readsEveryStation
                    ? "SELECT \(Station.columns) FROM station WHERE computer IN \(inList)"
                    : """
                    SELECT \(Station.columns("st.")) FROM session s
                    JOIN station st ON st.computer = s.computer AND st.name = s.station WHERE s.computer IN \(inList)
                    """, arguments, Station.init(row:)),
            sessions: try Session.fetchAll(
                db, sql: "SELECT \(Session.columns) FROM session WHERE computer IN \(inList)", arguments: arguments))
    }

    /// The named sessions, the stations they are on, and their computers (with the computers
    /// `user@computer` names, so that a missing user is told apart from a missing computer).
    /// A policy messaging a computer's forty sessions reads forty rows each time, not its hundred stations.
    static func sessionSlice(_ refs: [SessionRef], in db: any SQLConnection) throws -> LabState {
        var sessions: [Int64: Session] = [:]
        var computers = Set<String>()
        for ref in refs {
            let found: Session?
            switch ref {
            case .id(let id):
                found = try Session.fetchAll(db, sql: "SELECT \(Session.columns) FROM session WHERE id = ?", arguments: [id]).first
            case .user(let user, let computer):
                computers.insert(computer)
                found = try Session.fetchAll(
                    db, sql: "SELECT \(Session.columns) FROM session WHERE \"user\" = ? AND computer = ?", arguments: [user, computer]
                ).first
            }
            if let found {
                sessions[found.id] = found
                computers.insert(found.computer)
            }
        }
        var stations: [Station] = []
        for session in sessions.values {
            guard let id = session.stationID else { continue }
            stations += try db.rows(
                "SELECT \(Station.columns) FROM station WHERE computer = ? AND name = ?", [id.computer, id.name], Station.init(row:))
        }
        let list = Array(computers)
        return LabState(
            computers: try db.rows(
                "SELECT \(Computer.columns) FROM computer WHERE name IN \(placeholders(list.count))", list.map { $0 },
                Computer.init(row:)),
            stations: stations, sessions: Array(sessions.values))
    }

    /// Writes back the rows that changed. Ended sessions are deleted first, so their
    /// stations are free before another session takes them.
    static func save(_ lab: inout LabState, before: LabState, outcome: Outcome, in db: any SQLConnection) throws {
        let touched = outcome.touchedSessions.compactMap { lab.sessions[$0] }
        for session in touched where !session.isLive {
            try db.execute("DELETE FROM session WHERE id = ?", [session.id])
        }
        for session in touched.sorted(by: { $0.station == nil && $1.station != nil }) where session.isLive {
            try db.execute(
                """
                INSERT INTO session (id, "user", computer, station, state, suspended_by, started_at, state_since, last_activity)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET station = excluded.station, state = excluded.state,
                    suspended_by = excluded.suspended_by, state_since = excluded.state_since,
                    last_activity = excluded.last_activity
                """,
                [
                    session.id, session.user, session.computer, session.station, session.state.rawValue,
                    session.suspendedBy?.rawValue, session.startedAt.timeIntervalSince1970,
                    session.stateSince.timeIntervalSince1970, session.lastActivity.timeIntervalSince1970,
                ])
        }
        for id in outcome.touchedStations {
            guard let station = lab.stations[id], station.blockMessage != before.stations[id]?.blockMessage else { continue }
            try db.execute(
                "UPDATE station SET block_message = ? WHERE computer = ? AND name = ?", [station.blockMessage, id.computer, id.name])
        }
        for name in outcome.touchedComputers {
            guard let computer = lab.computers[name], computer != before.computers[name] else { continue }
            try db.execute(
                "UPDATE computer SET power = ?, shutdown_at = ?, shutdown_restart = ?, shutdown_message = ? WHERE name = ?",
                [
                    computer.power.rawValue, computer.scheduled?.at.timeIntervalSince1970,
                    computer.scheduled?.restart ?? false, computer.scheduled?.message, name,
                ])
        }
    }

    /// Counts `count` events caused by a policy at `at` (and forgets seconds no check reads any more).
    static func countPolicyEvents(_ count: Int, at: Date, in db: any SQLConnection) throws {
        guard count > 0 else { return }
        let second = Int64(at.timeIntervalSince1970.rounded(.down))
        try db.execute(
            "INSERT INTO policy_rate (second, events) VALUES (?, ?) ON CONFLICT (second) DO UPDATE SET events = policy_rate.events + excluded.events",
            [second, count])
        try db.execute("DELETE FROM policy_rate WHERE second < ?", [second - 120])
    }

    /// Appends one event to the journal and returns its `seq`.
    static func append(_ event: Event, in db: any SQLConnection) throws -> Int64 {
        let seq: Int64? = try db.one(
            """
            INSERT INTO journal (at, event, session, "user", computer, station, from_state, to_state, actor, reason, detail, depth)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq
            """,
            [
                event.at.timeIntervalSince1970, event.name.rawValue, event.session, event.user, event.computer,
                event.station?.description, event.from?.text, event.to?.text, event.actor.rawValue, event.reason,
                event.detail?.text, event.depth,
            ])
        guard let seq else { throw StoreError(.sqlite, "the journal did not return the seq of an event it appended") }
        db.notedJournalAppend()
        return seq
    }

    /// The id the next new session gets: one more than any SQLite handed out (`AUTOINCREMENT`), or
    /// the next of PostgreSQL's identity sequence (neither gives an id twice, even after a rollback).
    static func nextSessionID(in db: any SQLConnection) throws -> Int64 {
        switch db.dialect {
        case .sqlite:
            return (try db.one("SELECT seq FROM sqlite_sequence WHERE name = 'session'") ?? 0) + 1
        case .postgresql:
            // A dry run reads in a read-only transaction, where nextval() is refused: it only shows the id.
            let sql =
                (db as? PostgresSQL)?.readOnly == true
                ? "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('session', 'id')::regclass), 0) + 1"
                : "SELECT nextval(pg_get_serial_sequence('session', 'id'))"
            guard let id: Int64 = try db.one(sql) else {
                throw StoreError(.sqlite, "PostgreSQL's session id sequence returned nothing")
            }
            return id
        }
    }
}

extension Outcome {
    /// Notes the events a committed outcome appended.
    func counted(by store: SessionStore) -> Outcome {
        store.countAppended(events.count)
        return self
    }
}
