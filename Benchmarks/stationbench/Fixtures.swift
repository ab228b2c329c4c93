import BenchBaselines
import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// The instant every generated lab is "now" at: a Monday morning, far from the nightly shutdown.
let labNow = Date(timeIntervalSince1970: 1_772_445_600)  // 2026-03-02T10:00:00Z

/// A raw connection to a store file (for bulk setup and the baselines), closed on deinit.
final class RawStore {
    let handle: OpaquePointer

    init(path: String, synchronous: String = "FULL") throws {
        var error = [CChar](repeating: 0, count: 512)
        guard let handle = bb_store_open(path, synchronous, &error, error.count) else {
            throw BenchError("cannot open \(path): \(cError(error))")
        }
        self.handle = handle
    }

    deinit { bb_store_close(handle) }

    func exec(_ sql: String) throws {
        var error = [CChar](repeating: 0, count: 512)
        guard bb_store_exec(handle, sql, &error, error.count) == 0 else {
            throw BenchError("SQL failed: \(cError(error))\n\(sql.prefix(300))")
        }
    }
}

/// The shape of every generated lab of `sessions` live sessions (a multiple of 100):
/// `sessions / 100` computers `LAB-0001`… with 100 stations each, and on each computer 70 active
/// sessions and 20 locked ones on stations 1–90 and 10 suspended ones. Exactly 50 suspended sessions
/// (those of the first five computers) have been suspended for more than 2 hours; the others for
/// 30 minutes. Active sessions were active in the last 12 minutes except 5 per computer, idle for 20.
enum Lab {
    static let matchingSuspended = 50

    static func computerCount(_ sessions: Int) -> Int { max(1, sessions / 100) }

    static func configText(sessions: Int, policies: [String] = []) -> String {
        var lines = (1...computerCount(sessions)).map { String(format: "computer \"LAB-%04d\" { stations = 100 }", $0) }
        lines += policies
        return lines.joined(separator: "\n") + "\n"
    }

    /// Creates the store the engine's way (schema, WAL, layout from the config), then adds the
    /// sessions (and, if asked, one `signed_in` journal event per session) in one bulk SQL transaction.
    static func create(store path: String, config configPath: String, sessions: Int, journal: Bool = false) throws {
        let config = try StationConfig.load(path: configPath)
        do {
            let store = try SessionStore(path: path)
            try store.syncLayout(config.layout)
        }
        let raw = try RawStore(path: path)
        let now = labNow.timeIntervalSince1970
        // i: 0-based session number; c: its computer (1-based); k: its slot on the computer.
        let rows = """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < \(sessions)),
            s AS (SELECT i, i / 100 + 1 AS c, i % 100 AS k FROM n)
            """
        try raw.exec(
            """
            BEGIN IMMEDIATE;
            \(rows)
            INSERT INTO session (id, user, computer, station, state, suspended_by, started_at, state_since, last_activity)
            SELECT i + 1, printf('user%06d', i), printf('LAB-%04d', c),
                CASE WHEN k < 90 THEN CAST(k + 1 AS TEXT) END,
                CASE WHEN k < 70 THEN 'active' WHEN k < 90 THEN 'locked' ELSE 'suspended' END,
                CASE WHEN k >= 90 THEN 'user' END,
                \(now) - 14400 - k,
                CASE WHEN k < 70 THEN \(now) - 3600 - k
                     WHEN k < 90 THEN \(now) - 600 - k
                     WHEN c <= 5 THEN \(now) - 10800 - k * 60
                     ELSE \(now) - 1800 - k END,
                CASE WHEN k < 5 THEN \(now) - 1200 - k
                     WHEN k < 70 THEN \(now) - 60 - k * 10
                     ELSE \(now) - 3600 - k END
            FROM s;
            COMMIT;
            """)
        if journal {
            try raw.exec(
                """
                BEGIN IMMEDIATE;
                INSERT INTO journal (at, event, session, user, computer, station, from_state, to_state, actor, reason, detail, depth)
                SELECT started_at, 'signed_in', id, user, computer, computer || '/' || COALESCE(station, '1'), NULL, 'active',
                    'user', NULL, NULL, 0
                FROM session ORDER BY id;
                COMMIT;
                """)
        }
    }
}
