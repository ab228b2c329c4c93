import Foundation
import PostgresClient
import SessionEngine
import SessionStore

/// Issue 15: durable actions/s through `SessionStore.perform` on PostgreSQL, with 1 and with 8
/// concurrent clients, against a baseline of raw `PostgresConnection` calls that send the
/// statements the store sends for the same commands (Perform.swift, PostgresBackend.swift).
///
/// Each client is a thread with its own computer (`PGB-1`…`PGB-8`, 10 stations, 5 sessions
/// already signed in): it signs `bench-N` in at station 10 and out again, each action one
/// committed transaction with its journal event. Writers take turns on the journal's counter, so
/// 8 clients measure how much of that turn each transaction holds.
struct PostgresActionsBench {
    let server: String
    let rounds: Int
    /// The length of one measured round.
    let seconds: Double

    static let computers = 8
    static let stations = 10
    static let signedIn = 5

    func run() throws -> ([Figure], [String]) {
        let database = try BenchPostgres(server: server, bench: "actions")
        defer { database.drop() }
        let store = try SessionStore(url: database.url)
        try store.syncLayout(
            LabLayout(
                computers: (1...Self.computers).map { .init(name: "PGB-\($0)", stations: (1...Self.stations).map(String.init)) }))
        for computer in 1...Self.computers {
            for station in 1...Self.signedIn {
                try store.perform(
                    .signIn(user: "u\(computer)-\(station)", station: StationID(computer: "PGB-\(computer)", name: "\(station)")),
                    actor: .user, at: Date())
            }
        }
        try checkSameRows(store, database)

        let storeClient: @Sendable (Int) throws -> () throws -> Void = { index in
            let station = StationID(computer: "PGB-\(index + 1)", name: "\(Self.stations)")
            return {
                let outcome = try store.perform(.signIn(user: "bench-\(index)", station: station), actor: .user, at: Date())
                guard let id = outcome.events.first?.session else { throw BenchError("sign-in made no event") }
                try store.perform(.signOut(.id(id)), actor: .user, at: Date())
            }
        }
        let rawClient: @Sendable (Int) throws -> () throws -> Void = { index in
            let connection = try database.connect()
            let computer = "PGB-\(index + 1)"
            return {
                let session = try RawActions.signIn(connection, user: "bench-\(index)", computer: computer, station: "\(Self.stations)")
                try RawActions.signOut(connection, session)
            }
        }
        var figures: [Figure] = []
        var lines: [String] = []
        for clients in [1, 8] {
            _ = try Self.rate(clients: clients, seconds: 0.3, storeClient)
            _ = try Self.rate(clients: clients, seconds: 0.3, rawClient)
            var storeRates: [Double] = []
            var rawRates: [Double] = []
            for round in 0..<rounds {
                // Interleaved, each first every other round: the server's state drifts alike for both.
                if round % 2 == 0 { storeRates.append(try Self.rate(clients: clients, seconds: seconds, storeClient)) }
                rawRates.append(try Self.rate(clients: clients, seconds: seconds, rawClient))
                if round % 2 == 1 { storeRates.append(try Self.rate(clients: clients, seconds: seconds, storeClient)) }
            }
            let (storeRate, rawRate) = (median(storeRates), median(rawRates))
            lines.append(
                String(
                    format: "  %d client%@: store %.0f actions/s, raw %.0f actions/s, store/raw %.2f×", clients, clients == 1 ? "" : "s",
                    storeRate, rawRate, storeRate / rawRate))
            var figure = Figure(
                id: "pg_actions_\(clients)", name: "PostgreSQL durable actions, \(clients) client\(clients == 1 ? "" : "s")",
                unit: "actions/s", value: storeRate, baseline: rawRate, kind: .rate(minimumRatio: 0.7),
                target: "store ≥ 0.7 × raw (issue 15)",
                notes:
                    "sign-in / sign-out through SessionStore.perform vs the same statements on raw PostgresConnections; \(clients) thread(s), each its own computer; median of \(rounds) interleaved rounds of \(seconds) s"
            )
            figure.samples = ["store": storeRates, "raw": rawRates]
            figures.append(figure)
        }
        return (figures, lines)
    }

    /// The store's and the raw baseline's sign-in and sign-out write the same journal rows
    /// (but for their seq, session and time).
    private func checkSameRows(_ store: SessionStore, _ database: BenchPostgres) throws {
        let connection = try database.connect()
        func lastTwo() throws -> [[String?]] {
            try connection.execute(
                """
                SELECT event, "user", computer, station, from_state, to_state, actor, reason, detail, depth
                FROM journal ORDER BY seq DESC LIMIT 2
                """
            ).rows.map(\.values)
        }
        let station = StationID(computer: "PGB-1", name: "\(Self.stations)")
        let outcome = try store.perform(.signIn(user: "check", station: station), actor: .user, at: Date())
        try store.perform(.signOut(.id(outcome.events.first?.session ?? 0)), actor: .user, at: Date())
        let fromStore = try lastTwo()
        try RawActions.signOut(connection, try RawActions.signIn(connection, user: "check", computer: "PGB-1", station: station.name))
        let fromRaw = try lastTwo()
        guard fromStore == fromRaw else { throw BenchError("the raw baseline's journal rows differ: \(fromRaw) vs \(fromStore)") }
    }

    /// Actions/s of `clients` threads, each running the pairs of actions `setup(index)` returns
    /// (made on its thread, before the clock starts) until the round is over.
    static func rate(clients: Int, seconds: Double, _ setup: @escaping @Sendable (Int) throws -> () throws -> Void) throws -> Double {
        let race = Race()
        for index in 0..<clients {
            race.finished.enter()
            Thread {
                defer { race.finished.leave() }
                let pair: () throws -> Void
                do {
                    pair = try setup(index)
                } catch {
                    race.fail(error)
                    race.ready.signal()
                    return
                }
                race.ready.signal()
                race.start.wait()
                var actions = 0
                do {
                    while monotonic() < race.deadline {
                        try pair()
                        actions += 2
                    }
                } catch {
                    race.fail(error)
                }
                race.add(actions)
            }.start()
        }
        for _ in 0..<clients { race.ready.wait() }
        let t0 = monotonic()
        race.deadline = t0 + seconds
        for _ in 0..<clients { race.start.signal() }
        race.finished.wait()
        let elapsed = monotonic() - t0
        if let error = race.error { throw error }
        return Double(race.actions) / elapsed
    }

    /// What the threads of one round share.
    private final class Race: @unchecked Sendable {
        let ready = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        /// Set before `start` is signalled, read only after.
        var deadline = Double.infinity
        private let lock = NSLock()
        private(set) var actions = 0
        private(set) var error: (any Error)?

        func add(_ count: Int) { lock.withLock { actions += count } }
        func fail(_ failure: any Error) { lock.withLock { error = error ?? failure } }
    }
}

/// The baseline: sign-in and sign-out as the statements `SessionStore.perform` sends for them on
/// PostgreSQL, in the same order, with the same parameters, on one raw connection.
enum RawActions {
    static let computerColumns = "name, power, shutdown_at, shutdown_restart, shutdown_message, retired"
    static let stationColumns = "computer, name, position, block_message, retired"
    static let sessionColumns = "id, \"user\", computer, station, state, suspended_by, started_at, state_since, last_activity"

    /// What sign-out needs of the session sign-in made.
    struct Signed {
        var id: Int64
        var user: String
        var computer: String
        var station: String
    }

    /// BEGIN and the turn on the journal's counter (PostgresBackend.beginWrite).
    static func begin(_ connection: PostgresConnection) throws {
        try connection.execute("BEGIN")
        try connection.execute("SELECT last FROM journal_seq FOR UPDATE")
    }

    /// The rest of every action: removeRetired, the journal's row, NOTIFY and COMMIT.
    static func finish(_ connection: PostgresConnection, event: [PostgresValue]) throws {
        try connection.execute(
            """
            DELETE FROM station WHERE retired = 1
                AND NOT EXISTS (SELECT 1 FROM session s WHERE s.computer = station.computer AND s.station = station.name)
            """)
        try connection.execute(
            "DELETE FROM computer WHERE retired = 1 AND NOT EXISTS (SELECT 1 FROM session s WHERE s.computer = computer.name)")
        let seq = try connection.execute(
            """
            INSERT INTO journal (at, event, session, "user", computer, station, from_state, to_state, actor, reason, detail, depth)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq
            """, event)
        guard try seq.single().int64(0) != nil else { throw BenchError("the journal returned no seq") }
        try connection.execute("NOTIFY stationkeeper_journal")
        try connection.execute("COMMIT")
    }

    static func signIn(_ connection: PostgresConnection, user: String, computer: String, station: String) throws -> Signed {
        let now = Date().timeIntervalSince1970
        try begin(connection)
        try connection.execute("SELECT \(computerColumns) FROM computer WHERE name IN ($1)", [.text(computer)])
        try connection.execute("SELECT \(stationColumns) FROM station WHERE computer IN ($1)", [.text(computer)])
        try connection.execute("SELECT \(sessionColumns) FROM session WHERE computer IN ($1)", [.text(computer)])
        guard let id = try connection.execute("SELECT nextval(pg_get_serial_sequence('session', 'id'))").single().int64(0) else {
            throw BenchError("no session id")
        }
        try connection.execute(
            """
            INSERT INTO session (id, "user", computer, station, state, suspended_by, started_at, state_since, last_activity)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (id) DO UPDATE SET station = excluded.station, state = excluded.state,
                suspended_by = excluded.suspended_by, state_since = excluded.state_since,
                last_activity = excluded.last_activity
            """,
            [.int(id), .text(user), .text(computer), .text(station), "active", .null, .double(now), .double(now), .double(now)])
        try finish(
            connection,
            event: [
                .double(now), "signed_in", .int(id), .text(user), .text(computer), .text("\(computer)/\(station)"), .null, "active", "user",
                .null, .null, 0,
            ])
        return Signed(id: id, user: user, computer: computer, station: station)
    }

    static func signOut(_ connection: PostgresConnection, _ session: Signed) throws {
        let now = Date().timeIntervalSince1970
        try begin(connection)
        try connection.execute("SELECT \(sessionColumns) FROM session WHERE id = $1", [.int(session.id)])
        try connection.execute(
            "SELECT \(stationColumns) FROM station WHERE computer = $1 AND name = $2", [.text(session.computer), .text(session.station)])
        try connection.execute("SELECT \(computerColumns) FROM computer WHERE name IN ($1)", [.text(session.computer)])
        try connection.execute("DELETE FROM session WHERE id = $1", [.int(session.id)])
        try finish(
            connection,
            event: [
                .double(now), "ended", .int(session.id), .text(session.user), .text(session.computer),
                .text("\(session.computer)/\(session.station)"), "active", "ended", "user", .null, "sign_out", 0,
            ])
    }
}
