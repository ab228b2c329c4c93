import Foundation
import GRDB
import SessionEngine

/// Conversions between rows and the engine's types. Times are stored as Unix seconds (REAL).
extension Session {
    init(row: Row) throws {
        let state: String = row["state"]
        guard let parsed = SessionState(rawValue: state) else {
            throw StoreError(.unreadableRow, "the store holds session \(row["id"] as Int64) in an unknown state '\(state)'")
        }
        self.init(
            id: row["id"], user: row["user"], computer: row["computer"], station: row["station"],
            state: parsed, suspendedBy: (row["suspended_by"] as String?).flatMap(SuspendedBy.init(rawValue:)),
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            stateSince: Date(timeIntervalSince1970: row["state_since"]),
            lastActivity: Date(timeIntervalSince1970: row["last_activity"]))
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Session] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Session.init(row:))
    }
}

extension Computer {
    init(row: Row) {
        let scheduled = (row["shutdown_at"] as Double?).map { at in
            ScheduledShutdown(
                at: Date(timeIntervalSince1970: at), restart: row["shutdown_restart"] as Bool? ?? false,
                message: row["shutdown_message"])
        }
        self.init(
            name: row["name"], power: PowerState(rawValue: row["power"]) ?? .running, scheduled: scheduled,
            retired: row["retired"] as Bool? ?? false)
    }
}

extension Station {
    init(row: Row) {
        self.init(
            id: StationID(computer: row["computer"], name: row["name"]),
            position: row["position"], blockMessage: row["block_message"], retired: row["retired"] as Bool? ?? false)
    }
}

extension Event {
    /// Reads a journal row; `from`, `to` and `detail` are read back into their typed forms.
    init(row: Row) throws {
        let eventName: String = row["event"]
        guard let name = EventName(rawValue: eventName) else {
            throw StoreError(
                .unreadableRow, "the journal holds event \(row["seq"] as Int64) named '\(eventName)', which this version does not know")
        }
        let actorName: String = row["actor"]
        guard let actor = Actor(rawValue: actorName) else {
            throw StoreError(.unreadableRow, "the journal holds event \(row["seq"] as Int64) by an unknown actor '\(actorName)'")
        }
        self.init(
            seq: row["seq"], at: Date(timeIntervalSince1970: row["at"]), name: name, session: row["session"],
            user: row["user"], computer: row["computer"],
            station: (row["station"] as String?).flatMap(StationID.init(stored:)),
            from: (row["from_state"] as String?).map { EventState(text: $0, for: name) },
            to: (row["to_state"] as String?).map { EventState(text: $0, for: name) },
            actor: actor, reason: row["reason"],
            detail: (row["detail"] as String?).map { EventDetail(text: $0, for: name) })
        depth = row["depth"] ?? 0
    }
}

/// `(?, ?, ?)` for an `IN` clause of `count` values.
func placeholders(_ count: Int) -> String {
    "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
}
