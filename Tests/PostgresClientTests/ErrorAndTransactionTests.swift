import PostgresClient
import Testing

@Suite(.enabled(if: TestServer.available, TestServer.skipReason))
struct ErrorAndTransactionTests {
    @Test func aUniqueViolationCarriesItsSQLStateAndTheServersMessage() throws {
        let db = try TestServer.connect()
        let table = uniqueName("sessions")
        try db.execute("CREATE TEMP TABLE \(table) (station text CONSTRAINT one_per_station UNIQUE)")
        try db.execute("INSERT INTO \(table) VALUES ($1)", ["LAB-1/1"])
        let error = try #require(throws: PostgresError.self) { try db.execute("INSERT INTO \(table) VALUES ($1)", ["LAB-1/1"]) }
        #expect(error.kind == .server)
        #expect(error.sqlState == SQLState.uniqueViolation)
        #expect(error.isUniqueViolation)
        #expect(error.constraint == "one_per_station")
        #expect(error.message.contains("duplicate key value violates unique constraint"))
        #expect(error.detail?.contains("LAB-1/1") == true)
        #expect(error.severity == "ERROR")
        #expect("\(error)".hasPrefix("ERROR 23505: duplicate key"))
        #expect(try db.execute("SELECT 1").single().int64(0) == 1, "the connection is usable after a server error")
    }

    @Test func aSyntaxErrorAndAMissingTable() throws {
        let db = try TestServer.connect()
        #expect(throws: PostgresError.self) { try db.execute("SELEC 1") }
        let syntax = try #require(throws: PostgresError.self) { try db.execute("SELEC 1") }
        #expect(syntax.sqlState == SQLState.syntaxError)
        let missing = try #require(throws: PostgresError.self) { try db.execute("SELECT * FROM \(uniqueName("nowhere"))") }
        #expect(missing.sqlState == SQLState.undefinedTable)
    }

    @Test func aTransactionThatThrowsLeavesNothing() throws {
        let db = try TestServer.connect()
        let table = uniqueName("journal")
        try db.execute("CREATE TABLE \(table) (n bigint)")
        defer { _ = try? db.execute("DROP TABLE \(table)") }
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try db.transaction {
                try db.execute("INSERT INTO \(table) VALUES (1), (2)")
                #expect(db.transactionStatus == .inTransaction)
                throw Refused()
            }
        }
        #expect(db.transactionStatus == .idle)
        let other = try TestServer.connect()
        #expect(try other.execute("SELECT count(*) FROM \(table)").single().int64(0) == 0)
        #expect(try db.execute("SELECT count(*) FROM \(table)").single().int64(0) == 0)
    }

    @Test func aTransactionCommitsWhatItReturns() throws {
        let db = try TestServer.connect()
        let table = uniqueName("journal")
        try db.execute("CREATE TABLE \(table) (n bigint)")
        defer { _ = try? db.execute("DROP TABLE \(table)") }
        let count = try db.transaction(isolation: .serializable) {
            try db.execute("INSERT INTO \(table) VALUES (1), (2)").affectedRows
        }
        #expect(count == 2)
        let other = try TestServer.connect()
        #expect(try other.execute("SELECT count(*) FROM \(table)").single().int64(0) == 2)
    }

    @Test func aCaughtErrorInsideTheBlockDoesNotLookCommitted() throws {
        let db = try TestServer.connect()
        let table = uniqueName("journal")
        try db.execute("CREATE TEMP TABLE \(table) (n bigint UNIQUE)")
        let error = try #require(throws: PostgresError.self) {
            try db.transaction {
                try db.execute("INSERT INTO \(table) VALUES (1)")
                _ = try? db.execute("INSERT INTO \(table) VALUES (1)")  // fails; the transaction is now aborted
            }
        }
        #expect(error.kind == .usage)
        #expect(error.message.contains("rolled back"))
        #expect(db.transactionStatus == .idle)
        #expect(try db.execute("SELECT count(*) FROM \(table)").single().int64(0) == 0)
    }

    @Test func transactionsDoNotNest() throws {
        let db = try TestServer.connect()
        let error = try #require(throws: PostgresError.self) {
            try db.transaction { try db.transaction {} }
        }
        #expect(error.kind == .usage)
        #expect(db.transactionStatus == .idle, "the outer one was rolled back")
    }
}
