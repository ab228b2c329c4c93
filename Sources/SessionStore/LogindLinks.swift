import Foundation

/// Which logind session is which Stationkeeper session (the computer declared `seats = "logind"`).
///
/// ```swift
/// try store.link(logind: "c3", to: 12, at: now)
/// try store.logindID(ofSession: 12)   // "c3"
/// ```
extension SessionStore {
    /// Every link, logind id → session id (a reconciliation's view; per session, use the lookups below).
    public func logindLinks() throws -> [String: Int64] {
        try read { db in
            var links: [String: Int64] = [:]
            try db.each("SELECT logind_id, session FROM logind_link", []) { row in links[row[0]] = row[1] }
            return links
        }
    }

    /// Links a logind session to a Stationkeeper session (replacing an earlier link of that logind id).
    public func link(logind id: String, to session: Int64, at now: Date) throws {
        try write { db in
            try db.execute(
                """
                INSERT INTO logind_link (logind_id, session, linked_at) VALUES (?, ?, ?)
                ON CONFLICT (logind_id) DO UPDATE SET session = excluded.session, linked_at = excluded.linked_at
                """, [id, session, now.timeIntervalSince1970])
        }
    }

    /// Forgets a logind session (it is gone from logind).
    public func unlink(logind id: String) throws {
        try write { db in
            try db.execute("DELETE FROM logind_link WHERE logind_id = ?", [id])
        }
    }

    /// The Stationkeeper session a logind session is linked to (one indexed read).
    public func linkedSession(ofLogind id: String) throws -> Int64? {
        try read { db in
            try db.one("SELECT session FROM logind_link WHERE logind_id = ?", [id])
        }
    }

    /// The logind session linked to a Stationkeeper session, live or ended.
    public func logindID(ofSession session: Int64) throws -> String? {
        try read { db in
            try db.one("SELECT logind_id FROM logind_link WHERE session = ?", [session])
        }
    }
}

extension SessionStore {
    /// The first station of `computer` in config order whose name starts with `prefix`, that is
    /// neither taken nor blocked: where a remote desktop signs in (`remote-1` …).
    public func firstFreeStation(of computer: String, named prefix: String) throws -> String? {
        try read { db in
            try db.one(
                """
                SELECT st.name FROM station st
                WHERE st.computer = ? AND substr(st.name, 1, ?) = ? AND st.block_message IS NULL AND st.retired = 0
                    AND NOT EXISTS (SELECT 1 FROM session s WHERE s.computer = st.computer AND s.station = st.name)
                ORDER BY st.position LIMIT 1
                """, [computer, prefix.count, prefix])
        }
    }
}
