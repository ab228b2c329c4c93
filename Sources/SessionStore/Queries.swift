import Foundation
import SessionEngine

extension SessionStore {
    /// Live sessions matching `filter`, in id order: one indexed query.
    public func sessions(_ filter: SessionFilter = SessionFilter()) throws -> [Session] {
        var terms: [String] = []
        var arguments: SQLArguments = []
        if let state = filter.state {
            terms.append("state = ?")
            arguments.append(state.rawValue)
        }
        if let computer = filter.computer {
            terms.append("computer = ?")
            arguments.append(computer)
        }
        if let computers = filter.computers {
            terms.append("computer IN \(placeholders(computers.count))")
            arguments += computers.sorted().map { $0 }
        }
        if let user = filter.user {
            terms.append("\"user\" = ?")
            arguments.append(user)
        }
        if let idle = filter.idleLongerThan {
            terms.append("last_activity <= ?")
            arguments.append(filter.now.timeIntervalSince1970 - Double(idle))
        }
        if let age = filter.inStateLongerThan {
            terms.append("state_since <= ?")
            arguments.append(filter.now.timeIntervalSince1970 - Double(age))
        }
        let whereClause = terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND ")
        return try read { db in
            try Session.fetchAll(
                db,
                sql:
                    "SELECT \(Session.columns) FROM session \(whereClause) ORDER BY id\(filter.limit.map { " LIMIT \(max(0, $0))" } ?? "")",
                arguments: arguments)
        }
    }

    /// The live session `ref` names.
    /// - Throws: ``SessionEngine/EngineError/unknown(_:)``, or `.refused` naming how it ended.
    public func session(_ ref: SessionRef) throws -> Session {
        try read { db in
            switch ref {
            case .id(let id):
                if let session = try Session.fetchAll(db, sql: "SELECT \(Session.columns) FROM session WHERE id = ?", arguments: [id])
                    .first
                {
                    return session
                }
                if let summary = try JournalHistory(db: db).summary(id) {
                    throw EngineError.refused("session \(id) is ended (\(summary))")
                }
                throw EngineError.unknown("no session \(id)")
            case .user(let user, let computer):
                if let session = try Session.fetchAll(
                    db, sql: "SELECT \(Session.columns) FROM session WHERE \"user\" = ? AND computer = ?", arguments: [user, computer]
                ).first {
                    return session
                }
                guard try db.exists("SELECT 1 FROM computer WHERE name = ?", [computer]) else {
                    throw EngineError.unknown("no computer '\(computer)' in the config")
                }
                throw EngineError.unknown("\(user) has no live session on \(computer)")
            }
        }
    }

    /// Stations in config order, with their status and the session on them.
    /// - Parameter limit: at most this many stations (the first in config order); `nil` for all.
    /// - Parameter computers: only the stations of these computers (a district daemon's own).
    public func stations(
        computer: String? = nil, limit: Int? = nil, name: String? = nil, computers: Set<String>? = nil
    ) throws -> [StationInfo] {
        try read { db in
            if let computer { try Self.requireComputer(computer, in: db) }
            var terms: [String] = []
            var arguments: SQLArguments = []
            if let computer {
                terms.append("st.computer = ?")
                arguments.append(computer)
            }
            if let name {
                terms.append("st.name = ?")
                arguments.append(name)
            }
            if let computers {
                terms.append("st.computer IN \(placeholders(computers.count))")
                arguments += computers.sorted().map { $0 }
            }
            return try db.rows(
                """
                SELECT \(Station.columns("st.")), s.id, s."user", s.state
                FROM station st
                JOIN computer c ON c.name = st.computer
                LEFT JOIN session s ON s.computer = st.computer AND s.station = st.name
                \(terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "))
                ORDER BY c.position, st.position\(limit.map { " LIMIT \(max(0, $0))" } ?? "")
                """, arguments
            ) { row in
                let station = Station(row: row)
                let extra = Station.columnCount
                let state = (row[extra + 2] as String?).flatMap(SessionState.init(rawValue:))
                return StationInfo(
                    station: station, status: LabState.status(blocked: station.isBlocked, sessionState: state),
                    session: row[extra], user: row[extra + 1])
            }
        }
    }

    /// Computers in config order, with station and live-session counts; only the one named `name`
    /// when given (one indexed lookup, whatever the size of the lab).
    public func computers(named name: String? = nil) throws -> [ComputerInfo] {
        try read { db in
            try db.rows(
                """
                SELECT \(Computer.columns("c.")),
                    (SELECT COUNT(*) FROM station WHERE computer = c.name),
                    (SELECT COUNT(*) FROM session WHERE computer = c.name)
                FROM computer c \(name == nil ? "" : "WHERE c.name = ?") ORDER BY c.position
                """, name.map { [$0] } ?? []
            ) { row in
                ComputerInfo(
                    computer: Computer(row: row), stations: row[Computer.columnCount], sessions: row[Computer.columnCount + 1])
            }
        }
    }

    /// The computers' names in config order: one index scan, without the counts of ``computers(named:)``.
    public func computerNames() throws -> [String] {
        try read { db in try Self.computerNames(in: db) }
    }

    static func computerNames(in db: any SQLConnection) throws -> [String] {
        try db.column("SELECT name FROM computer ORDER BY position")
    }

    /// Journal events matching `filter`, oldest first.
    public func journal(_ filter: JournalFilter = JournalFilter()) throws -> [Event] {
        try read { db in
            var terms: [String] = []
            var arguments: SQLArguments = []
            switch filter.session {
            case .id(let id)?:
                terms.append("session = ?")
                arguments.append(id)
            case .user(let user, let computer)?:
                terms.append("\"user\" = ? AND computer = ?")
                arguments += [user, computer]
            case nil: break
            }
            if let computer = filter.computer {
                try Self.requireComputer(computer, in: db)
                terms.append("computer = ?")
                arguments.append(computer)
            }
            if let since = filter.since {
                terms.append("at >= ?")
                arguments.append(since.timeIntervalSince1970)
            }
            if let after = filter.afterSeq {
                terms.append("seq > ?")
                arguments.append(after)
            }
            let whereClause = terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND ")
            let sql: String
            if let limit = filter.limit {
                sql =
                    "SELECT \(Event.columns) FROM (SELECT * FROM journal \(whereClause) ORDER BY seq DESC LIMIT \(max(0, limit))) AS recent ORDER BY seq"
            } else {
                sql = "SELECT \(Event.columns) FROM journal \(whereClause) ORDER BY seq"
            }
            return try Event.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// The last `limit` `policy_error` events of one policy or plugin (actor `policy:NAME` or
    /// `plugin:NAME`), most recent first.
    public func policyErrors(of actor: Actor, limit: Int) throws -> [Event] {
        try read { db in
            try Event.fetchAll(
                db, sql: "SELECT \(Event.columns) FROM journal WHERE event = 'policy_error' AND actor = ? ORDER BY seq DESC LIMIT ?",
                arguments: [actor.rawValue, limit])
        }
    }

    /// How many events the journal holds.
    public func journalCount() throws -> Int {
        try read { db in try db.one("SELECT COUNT(*) FROM journal") ?? 0 }
    }

    static func requireComputer(_ name: String, in db: any SQLConnection) throws {
        guard try db.exists("SELECT 1 FROM computer WHERE name = ?", [name]) else {
            let known = try computerNames(in: db).joined(separator: ", ")
            throw EngineError.unknown("no computer '\(name)' in the config" + (known.isEmpty ? "" : " (known: \(known))"))
        }
    }
}
