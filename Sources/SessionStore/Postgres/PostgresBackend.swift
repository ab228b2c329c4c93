import Foundation
import PostgresClient

/// The connections of a ``SessionStore`` on PostgreSQL: a small pool, and the transactions the
/// store runs on them.
///
/// **Writers take turns.** Every write transaction starts by locking the one row of
/// `journal_seq`, the journal's counter: writers run one at a time, as they do on SQLite, so a
/// command plans on rows nobody else is changing and its journal seqs commit in order with no gap
/// (docs/district.md, "The journal's seq"). Readers never wait: each read is one `REPEATABLE
/// READ` snapshot.
///
/// A transaction that appended to the journal sends `NOTIFY stationkeeper_journal` as it
/// commits: that is what wakes the daemons and dashboards (no polling).
final class PostgresBackend: @unchecked Sendable {
    /// The channel a commit with journal events notifies.
    static let journalChannel = "stationkeeper_journal"

    let url: String
    /// `user@host:port/db`, never the password.
    let target: String
    private let pool = NSCondition()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private let limit: Int

    /// Connects, and brings the schema up to date (``PostgresSchema/migrate(_:)``).
    init(url: String, connections: Int = 8) throws {
        self.url = url
        limit = max(1, connections)
        let first = try Self.connect(url)
        target = first.target
        try PostgresSchema.migrate(first)
        idle = [first]
        opened = 1
    }

    /// How long a statement waits for a lock (the writers' turn) before it fails with the store's
    /// `busy` code: SQLite's busy timeout, so that nothing waits for ever.
    static let lockTimeout = "30s"

    static func connect(_ url: String) throws -> PostgresConnection {
        let connection = try PostgresConnection(url: url)
        try connection.execute("SELECT set_config('lock_timeout', $1, false)", [.text(lockTimeout)])
        return connection
    }

    /// A connection of the pool for `body`'s time; one that broke is closed, not put back.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    private func checkOut() throws -> PostgresConnection {
        pool.lock()
        while idle.isEmpty && opened >= limit { pool.wait() }
        if let connection = idle.popLast() {
            pool.unlock()
            return connection
        }
        opened += 1
        pool.unlock()
        do {
            return try Self.connect(url)
        } catch {
            pool.lock()
            opened -= 1
            pool.signal()
            pool.unlock()
            throw error
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        let usable = connection.isOpen && connection.transactionStatus == .idle
        if !usable { connection.close() }
        pool.lock()
        if usable { idle.append(connection) } else { opened -= 1 }
        pool.signal()
        pool.unlock()
    }

    // MARK: Transactions

    /// Begins a write transaction on `connection`: it waits for the writer before it.
    /// (One round trip: both statements in one message.)
    static func beginWrite(_ connection: PostgresConnection) throws {
        try connection.executeScript("BEGIN; SELECT last FROM journal_seq FOR UPDATE")
    }

    /// Commits, notifying the daemons first when `sql` appended to the journal.
    static func commit(_ sql: PostgresSQL) throws {
        // One round trip: the notification is queued and sent by the commit.
        let result = try sql.connection.executeScript(sql.appendedToJournal ? "NOTIFY \(journalChannel); COMMIT" : "COMMIT")
        sql.appendedToJournal = false
        guard result.command != "ROLLBACK" else {
            throw PostgresError(kind: .usage, message: "the transaction was rolled back: a statement in it failed")
        }
    }

    static func rollbackQuietly(_ connection: PostgresConnection) {
        guard connection.isOpen, connection.transactionStatus != .idle else { return }
        _ = try? connection.execute("ROLLBACK")
    }

    /// `body` in its own write transaction.
    func write<T>(_ body: (PostgresSQL) throws -> T) throws -> T {
        try withConnection { connection in
            try Self.beginWrite(connection)
            let sql = PostgresSQL(connection)
            do {
                let result = try body(sql)
                try Self.commit(sql)
                return result
            } catch {
                Self.rollbackQuietly(connection)
                throw error
            }
        }
    }

    /// `body` in a read-only snapshot.
    func read<T>(_ body: (PostgresSQL) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let result = try body(PostgresSQL(connection, readOnly: true))
                try connection.execute("COMMIT")
                return result
            } catch {
                Self.rollbackQuietly(connection)
                throw error
            }
        }
    }

    /// `body` in a savepoint of the transaction `sql` is in (a write inside a batch).
    static func savepoint<T>(_ sql: PostgresSQL, _ body: (PostgresSQL) throws -> T) throws -> T {
        try sql.connection.execute("SAVEPOINT store_write")
        do {
            let result = try body(sql)
            try sql.connection.execute("RELEASE SAVEPOINT store_write")
            return result
        } catch {
            if sql.connection.isOpen, sql.connection.transactionStatus != .idle {
                _ = try? sql.connection.execute("ROLLBACK TO SAVEPOINT store_write")
                _ = try? sql.connection.execute("RELEASE SAVEPOINT store_write")
            }
            throw error
        }
    }
}
