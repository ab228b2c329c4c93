import Foundation
import SessionEngine

/// Conversions between rows and the engine's types. Times are stored as Unix seconds (REAL).
///
/// Rows are read by position from an explicit column list (`columns`): looking a column up by
/// name costs a case-insensitive string comparison per column per row, which made decoding most
/// of the time of a district's commands.
///
/// ```swift
/// let sql = "SELECT \(Session.columns) FROM session WHERE computer = ?"
/// let sql = "SELECT \(Station.columns("st.")), s.id FROM station st LEFT JOIN session s ON …"  // extra columns after
/// ```
extension Session {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = columns("")

    /// The same, each prefixed by a table alias such as `"s."`.
    static func columns(_ prefix: String) -> String {
        columnList(
            ["id", "\"user\"", "computer", "station", "state", "suspended_by", "started_at", "state_since", "last_activity"], prefix)
    }

    init(row: SQLRow) throws {
        let state: String = row[4]
        guard let parsed = SessionState(rawValue: state) else {
            throw StoreError(.unreadableRow, "the store holds session \(row[0] as Int64) in an unknown state '\(state)'")
        }
        self.init(
            id: row[0], user: row[1], computer: row[2], station: row[3],
            state: parsed, suspendedBy: (row[5] as String?).flatMap(SuspendedBy.init(rawValue:)),
            startedAt: Date(timeIntervalSince1970: row[6]),
            stateSince: Date(timeIntervalSince1970: row[7]),
            lastActivity: Date(timeIntervalSince1970: row[8]))
    }

    /// Sessions from a query that selects ``columns(_:)`` first.
    static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Session] {
        try db.rows(sql, arguments, Session.init(row:))
    }
}

extension Computer {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = columns("")

    /// The same, each prefixed by a table alias such as `"c."`.
    static func columns(_ prefix: String) -> String {
        columnList(["name", "power", "shutdown_at", "shutdown_restart", "shutdown_message", "retired"], prefix)
    }

    /// Columns after these (counts of a listing) start at this index.
    static let columnCount = 6

    init(row: SQLRow) {
        let scheduled = (row[2] as Double?).map { at in
            ScheduledShutdown(at: Date(timeIntervalSince1970: at), restart: row[3] as Bool? ?? false, message: row[4])
        }
        self.init(
            name: row[0], power: PowerState(rawValue: row[1]) ?? .running, scheduled: scheduled,
            retired: row[5] as Bool? ?? false)
    }
}

extension Station {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = columns("")

    /// The same, each prefixed by a table alias such as `"st."`.
    static func columns(_ prefix: String) -> String {
        columnList(["computer", "name", "position", "block_message", "retired"], prefix)
    }

    /// Columns after these (the session on the station, in a listing) start at this index.
    static let columnCount = 5

    init(row: SQLRow) {
        self.init(
            id: StationID(computer: row[0], name: row[1]), position: row[2], blockMessage: row[3],
            retired: row[4] as Bool? ?? false)
    }
}

extension Event {
    /// The columns ``init(row:)`` reads, in its order (`seq` first).
    static let columns = columnList(
        [
            "seq", "at", "event", "session", "\"user\"", "computer", "station", "from_state", "to_state", "actor", "reason", "detail",
            "depth",
        ], ""
    )

    /// Reads a journal row; `from`, `to` and `detail` are read back into their typed forms.
    init(row: SQLRow) throws {
        let eventName: String = row[2]
        guard let name = EventName(rawValue: eventName) else {
            throw StoreError(
                .unreadableRow, "the journal holds event \(row[0] as Int64) named '\(eventName)', which this version does not know")
        }
        let actorName: String = row[9]
        guard let actor = Actor(rawValue: actorName) else {
            throw StoreError(.unreadableRow, "the journal holds event \(row[0] as Int64) by an unknown actor '\(actorName)'")
        }
        self.init(
            seq: row[0], at: Date(timeIntervalSince1970: row[1]), name: name, session: row[3],
            user: row[4], computer: row[5],
            station: (row[6] as String?).flatMap(StationID.init(stored:)),
            from: (row[7] as String?).map { EventState(text: $0, for: name) },
            to: (row[8] as String?).map { EventState(text: $0, for: name) },
            actor: actor, reason: row[10],
            detail: (row[11] as String?).map { EventDetail(text: $0, for: name) })
        depth = row[12] ?? 0
    }

    /// Journal events from a query that selects ``columns`` first.
    static func fetchAll(_ db: any SQLConnection, sql: String, arguments: SQLArguments = []) throws -> [Event] {
        try db.rows(sql, arguments, Event.init(row:))
    }
}

private func columnList(_ names: [String], _ prefix: String) -> String {
    names.map { prefix + $0 }.joined(separator: ", ")
}
