import Foundation
import PostgresClient
import Testing

@testable import SessionStore

@Suite(.enabled(if: TestDatabase.available, TestDatabase.skipReason))
struct SchemaTests {
    @Test func migrationsApplyOnceAndAgainDoNothing() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let connection = try database.connect()
        let first = try PostgresSchema.migrate(connection)
        #expect(first == PostgresSchema.steps.map(\.name))
        try connection.execute("INSERT INTO computer (name, position) VALUES ('LAB-1', 0)")
        #expect(try PostgresSchema.migrate(connection).isEmpty)
        #expect(try PostgresSchema.migrate(database.connect()).isEmpty)
        #expect(try PostgresSchema.appliedSteps(connection) == PostgresSchema.steps.map(\.name))
        // The data is still there, and the tables are the SQLite store's.
        #expect(try connection.execute("SELECT count(*) FROM computer").single().int64(0) == 1)
        let tables = try connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name", [.text(database.schema)]
        ).rows.compactMap { try $0.string(0) }
        #expect(tables == (PostgresSchema.dataTables + ["journal_seq", "schema_migrations"]).sorted())
    }

    @Test func twoProcessesMigratingAtOnceApplyEachStepOnce() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let url = database.url
        let results = Locked<[Result<[String], any Error>]>([])
        let threads = (0..<2).map { _ in
            Thread {
                let result = Result { try PostgresSchema.migrate(PostgresConnection(url: url)) }
                results.update { $0.append(result) }
            }
        }
        for thread in threads { thread.start() }
        try waitUntil { results.value.count == 2 }
        let applied = try results.value.flatMap { try $0.get() }
        #expect(applied.sorted() == PostgresSchema.steps.map(\.name).sorted())
    }

    /// A lab with one computer LAB-1 with stations 1 and 2, and alice active on LAB-1/1.
    private func lab() throws -> (TestDatabase, PostgresConnection) {
        let database = try TestDatabase()
        let connection = try database.connect()
        try PostgresSchema.migrate(connection)
        try connection.executeScript(
            """
            INSERT INTO computer (name, position) VALUES ('LAB-1', 0);
            INSERT INTO station (computer, name, position) VALUES ('LAB-1', '1', 0), ('LAB-1', '2', 1);
            INSERT INTO session ("user", computer, station, state, started_at, state_since, last_activity)
                VALUES ('alice', 'LAB-1', '1', 'active', 1, 1, 1);
            """)
        return (database, connection)
    }

    private func insertSession(_ connection: PostgresConnection, user: String, station: String?, state: String) throws {
        try connection.execute(
            """
            INSERT INTO session ("user", computer, station, state, started_at, state_since, last_activity)
                VALUES ($1, 'LAB-1', $2, $3, 2, 2, 2)
            """, [.text(user), PostgresValue(station), .text(state)])
    }

    @Test func oneLiveSessionPerUserPerComputer() throws {
        let (database, connection) = try lab()
        defer { database.drop() }
        #expect(sqlState { try insertSession(connection, user: "alice", station: "2", state: "active") } == SQLState.uniqueViolation)
        #expect(sqlState { try insertSession(connection, user: "alice", station: nil, state: "suspended") } == SQLState.uniqueViolation)
        try insertSession(connection, user: "bob", station: "2", state: "active")
    }

    @Test func oneSessionPerStationAndSuspendedSessionsHaveNone() throws {
        let (database, connection) = try lab()
        defer { database.drop() }
        #expect(sqlState { try insertSession(connection, user: "bob", station: "1", state: "locked") } == SQLState.uniqueViolation)
        // Suspended sessions hold no station, so several may be on one computer.
        try insertSession(connection, user: "bob", station: nil, state: "suspended")
        try insertSession(connection, user: "carol", station: nil, state: "suspended")
        #expect(sqlState { try insertSession(connection, user: "dave", station: "2", state: "suspended") } == SQLState.checkViolation)
        #expect(sqlState { try insertSession(connection, user: "erin", station: nil, state: "active") } == SQLState.checkViolation)
        #expect(sqlState { try insertSession(connection, user: "fred", station: "2", state: "dancing") } == SQLState.checkViolation)
    }

    @Test func rowsReferToWhatExists() throws {
        let (database, connection) = try lab()
        defer { database.drop() }
        #expect(
            sqlState { try connection.execute("INSERT INTO station (computer, name, position) VALUES ('LAB-9', '1', 0)") }
                == SQLState.foreignKeyViolation)
        #expect(
            sqlState { try connection.execute("INSERT INTO account_token (digest, account, created_at) VALUES ('x', 'nobody', 1)") }
                == SQLState.foreignKeyViolation)
        #expect(
            sqlState { try connection.execute("UPDATE computer SET power = 'sleeping' WHERE name = 'LAB-1'") } == SQLState.checkViolation)
    }

    @Test func theJournalIsAppendOnly() throws {
        let (database, connection) = try lab()
        defer { database.drop() }
        let seq = try connection.execute(
            "INSERT INTO journal (at, event, actor) VALUES (1, 'signed_in', 'user') RETURNING seq"
        ).single().int64(0)
        #expect(seq == 1)
        for statement in ["UPDATE journal SET event = 'nothing'", "DELETE FROM journal", "TRUNCATE journal"] {
            do {
                try connection.execute(statement)
                Issue.record("\(statement) was not refused")
            } catch let error as PostgresError {
                #expect(error.sqlState == "P0001")
                #expect(error.message.contains("the journal is append-only"))
            }
        }
        #expect(try connection.execute("SELECT event FROM journal").single().string(0) == "signed_in")
        // A seq given explicitly must be above the last one taken.
        #expect(sqlState { try connection.execute("INSERT INTO journal (seq, at, event, actor) VALUES (1, 2, 'x', 'user')") } == "P0001")
    }
}
