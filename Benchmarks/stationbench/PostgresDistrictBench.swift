import Foundation
import PostgresClient
import SessionEngine
import SessionStore

/// Issue 15: listings of a district on PostgreSQL, each against the same on a SQLite store of
/// the same rows: 10,000 computers × 100 stations, a session on every station (1,000,000).
///
/// PostgreSQL's rows are made with `INSERT … SELECT generate_series` in the bench's schema,
/// SQLite's with `syncLayout` and the district bench's `insertSessions`: the same names, users
/// and stations (`u0` at `PC-0001/1`, …). Then, on each: the full `sessions()`, `sessions` of
/// one computer, `computers()`, and `perform` on one computer with 100 sessions (a shutdown
/// scheduled and cancelled: the computer's slice read, its row and one journal event written).
struct PostgresDistrictBench {
    let server: String
    let runs: Int

    static let computers = 10_000
    static let stations = 100
    /// The computer the one-computer reads and commands use.
    static let probe = "PC-5000"

    /// Milliseconds of each measured call, median of its runs.
    struct Times {
        var sessions = 0.0
        var computerSessions = 0.0
        var computers = 0.0
        var perform = 0.0
    }

    func run() throws -> ([Figure], [String]) {
        let database = try BenchPostgres(server: server, bench: "district")
        defer { database.drop() }
        let now = Date().timeIntervalSince1970
        var lines: [String] = []

        var t0 = monotonic()
        let postgres = try SessionStore(url: database.url)
        let stages = try Self.load(try database.connect(), since: now)
        lines.append(String(format: "  PostgreSQL loaded in %.1f s (bulk INSERT … SELECT: %@)", monotonic() - t0, stages))

        t0 = monotonic()
        let path = try makeTemporaryFolder("pg-district") + "/state.db"
        let sqlite = try SessionStore(path: path)
        try sqlite.syncLayout(
            LabLayout(
                computers: (1...Self.computers).map {
                    .init(name: String(format: "PC-%04d", $0), stations: (1...Self.stations).map(String.init))
                }))
        try insertSessions(into: path, computers: Self.computers, perComputer: Self.stations, since: now, activity: now)
        lines.append(String(format: "  SQLite loaded in %.1f s (syncLayout, then insertSessions)", monotonic() - t0))

        let onPostgres = try measure(postgres)
        let onSQLite = try measure(sqlite)
        let rows: [(id: String, name: String, postgres: Double, sqlite: Double)] = [
            ("pg_district_sessions", "sessions() in full (1,000,000)", onPostgres.sessions, onSQLite.sessions),
            ("pg_district_computer_sessions", "sessions{ computer } (100)", onPostgres.computerSessions, onSQLite.computerSessions),
            ("pg_district_computers", "computers() (10,000, with counts)", onPostgres.computers, onSQLite.computers),
            ("pg_district_perform", "perform on a computer with 100 sessions", onPostgres.perform, onSQLite.perform),
        ]
        var figures: [Figure] = []
        for row in rows {
            lines.append(
                String(
                    format: "  %@: PostgreSQL %.2f ms, SQLite %.2f ms, %.2f× time", row.name, row.postgres, row.sqlite,
                    row.postgres / row.sqlite))
            figures.append(
                Figure(
                    id: row.id, name: "PostgreSQL district: \(row.name)", unit: "ms", value: row.postgres, baseline: row.sqlite,
                    kind: .reported, target: "none: against SQLite",
                    notes:
                        "10,000 × 100 with 1,000,000 sessions; medians of \(max(3, runs / 2)) full listings, \(runs * 10) listings of a computer, \(runs) computers(), \(runs * 2) schedule/cancel pairs (per action); the baseline is the same call on SQLite"
                ))
        }
        return (figures, lines)
    }

    /// Computers, stations and sessions straight into the tables, as the SQLite side has them.
    /// - Returns: how long each step took, to show.
    static func load(_ connection: PostgresConnection, since: Double) throws -> String {
        var stages: [String] = []
        func stage(_ what: String, _ body: () throws -> Void) rethrows {
            stages.append(String(format: "%@ %.1f s", what, try timed(body)))
        }
        // `printf('PC-%04d', n)`: at least four digits.
        let name = { (n: String) in "'PC-' || lpad((\(n))::text, greatest(4, length((\(n))::text)), '0')" }
        try stage("computers") {
            try connection.execute(
                "INSERT INTO computer (name, position) SELECT \(name("i")), i - 1 FROM generate_series(1, $1::int) i",
                [.int(Int64(computers))])
        }
        // The tables' secondary indexes are made again after the rows, from their own definitions:
        // building an index once is much faster than growing it a row at a time.
        let indexes = try connection.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND tablename IN ('station', 'session')
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """
        ).rows.map { (try $0.string(0) ?? "", try $0.string(1) ?? "") }
        for (name, _) in indexes { try connection.execute("DROP INDEX \(name)") }
        try stage("stations") {
            try connection.execute(
                "INSERT INTO station (computer, name, position) SELECT c.name, s::text, s - 1 FROM computer c CROSS JOIN generate_series(1, $1::int) s",
                [.int(Int64(stations))])
        }
        try stage("sessions") {
            try connection.execute(
                """
                INSERT INTO session ("user", computer, station, state, started_at, state_since, last_activity)
                SELECT 'u' || i, \(name("i / $2::int + 1")), (i % $2::int + 1)::text, 'active', $3::float8, $3::float8, $3::float8
                FROM generate_series(0, $1::int * $2::int - 1) i ORDER BY i
                """, [.int(Int64(computers)), .int(Int64(stations)), .double(since)])
        }
        try stage("indexes") { for (_, definition) in indexes { try connection.execute(definition) } }
        // As autovacuum leaves them: statistics, and the visibility map that index-only scans read.
        try stage("VACUUM ANALYZE") { try connection.execute("VACUUM ANALYZE computer, station, session") }
        return stages.joined(separator: ", ")
    }

    /// The four calls on `store`, each checked for what it returns.
    func measure(_ store: SessionStore) throws -> Times {
        func medianMs(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
            var samples: [Double] = []
            for _ in 0..<count { samples.append(try timed(body) * 1000) }
            return median(samples)
        }
        var times = Times()
        times.sessions = try medianMs(max(3, runs / 2)) {
            let found = try store.sessions().count
            guard found == Self.computers * Self.stations else { throw BenchError("sessions() returned \(found) sessions") }
        }
        times.computerSessions = try medianMs(runs * 10) {
            let found = try store.sessions(SessionFilter(computer: Self.probe)).count
            guard found == Self.stations else { throw BenchError("sessions{ computer } returned \(found) sessions") }
        }
        times.computers = try medianMs(runs) {
            let found = try store.computers()
            guard found.count == Self.computers, found.allSatisfy({ $0.sessions == Self.stations }) else {
                throw BenchError("computers() returned \(found.count) computers, not each with its sessions")
            }
        }
        var at = Date()
        times.perform = try medianMs(runs * 2) {
            at += 1
            let schedule = try store.perform(
                .schedule(computer: Self.probe, ScheduledShutdown(at: at + 3600, restart: false)), actor: .admin(nil), at: at)
            guard schedule.events.count == 1 else { throw BenchError("scheduling a shutdown made \(schedule.events.count) events") }
            at += 1
            try store.perform(.cancelShutdown(computer: Self.probe), actor: .admin(nil), at: at)
        }
        times.perform /= 2
        return times
    }
}
