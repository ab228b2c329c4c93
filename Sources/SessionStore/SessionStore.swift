import Foundation
import GRDB
import GRDBSQLite
import PostgresClient
import SessionEngine

/// Computers, stations, live sessions and the journal, in SQLite.
///
/// Every command is one short `IMMEDIATE` write transaction: it loads the slice of the lab the
/// command needs, lets ``SessionEngine/Engine`` apply it, and writes the changed rows and the
/// journal events together. Several processes can share one store (WAL, busy timeout).
///
/// ```swift
/// let store = try SessionStore(path: "/var/lib/stationkeeper/state.db")
/// try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2"])]))
/// let outcome = try store.perform(.signIn(user: "alice", station: StationID(computer: "LAB-1", name: "1")),
///                                 actor: .user, at: Date())
/// ```
public final class SessionStore: Sendable {
    /// Where the rows are: a SQLite database (a file, or memory) or a PostgreSQL server.
    enum Backend: Sendable {
        case sqlite(any DatabaseWriter)
        case postgres(PostgresBackend)
    }

    let backend: Backend
    private let appended = Counter()
    /// How deep inside ``batch(_:)`` the writer is (only the batch's own thread reaches the writer then).
    private let batching = Counter()
    /// The transaction of a batch on PostgreSQL, for the batch's thread.
    private let postgresBatch = BatchSlot()

    /// How many journal events this instance has appended: lets a loop notice its own new events
    /// without a query.
    public var eventsAppended: Int { appended.value }

    func countAppended(_ count: Int) { appended.add(count) }
    /// The database file, or `nil` for an in-memory store and a PostgreSQL store.
    public let path: String?

    /// Where the store is, to show: the file, `user@host:port/db` (never a password), or `memory`.
    public var location: String {
        switch backend {
        case .sqlite: return path ?? "memory"
        case .postgres(let server): return "postgresql://" + server.target
        }
    }

    /// What tells this store from another, to name files that belong to it: its file, or its URL
    /// with the password removed (the options kept: two schemas of one database are two stores).
    public var identity: String {
        switch backend {
        case .sqlite: return path ?? "memory"
        case .postgres(let server): return PostgresStore.redacted(server.url)
        }
    }

    /// Whether several daemons may share this store (PostgreSQL), each serving its computers.
    public var isShared: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// Whether `location` names a PostgreSQL store (`postgresql://…` or `postgres://…`) rather than a SQLite file.
    public static func isServerURL(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// Opens the store at `location`: a PostgreSQL URL (see ``init(url:)``) or a SQLite file (``init(path:)``).
    public static func open(_ location: String) throws -> SessionStore {
        isServerURL(location) ? try SessionStore(url: location) : try SessionStore(path: location)
    }

    /// A connection of its own to this PostgreSQL store, outside the pool: what a daemon holds its
    /// computers' advisory locks on and listens on (`nil` for a SQLite store).
    public func dedicatedConnection() throws -> PostgresConnection? {
        guard case .postgres(let server) = backend else { return nil }
        do {
            return try PostgresConnection(url: server.url)
        } catch {
            throw StoreError.wrap(error, path: nil)
        }
    }

    /// The channel a commit with journal events notifies on PostgreSQL (`LISTEN` to it).
    public static let journalChannel = PostgresBackend.journalChannel

    /// Connects to the PostgreSQL store at `url` and brings its schema up to date
    /// (``PostgresSchema``). The password comes from the URL, `PGPASSWORD` or `PGPASSFILE`, and
    /// is never shown (``location`` and every error say `user@host:port/db`).
    /// - Throws: ``StoreError`` `.cannotOpen` when the server cannot be reached or refuses the login.
    public init(url: String) throws {
        path = nil
        do {
            backend = .postgres(try PostgresBackend(url: url))
        } catch {
            throw StoreError.wrap(error, path: nil)
        }
    }

    /// Whether a store file exists at `path` (a listing of a store not created yet reads as empty).
    /// A PostgreSQL URL counts as existing: the server says otherwise when it is reached.
    public static func exists(at path: String) -> Bool {
        isServerURL(path) || FileManager.default.fileExists(atPath: path)
    }

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    /// - Throws: ``StoreError`` with a code saying what is wrong.
    public init(path: String) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .cannotOpen,
                "cannot create the store's folder \(folder.path): \(error.localizedDescription); check its permissions, or choose another store with --store"
            )
        }
        // First opens race on creating the file, switching it to WAL and migrating: serialize them.
        let lock: FileLock
        do {
            lock = try FileLock(path: path + ".lock")
        } catch {
            throw StoreError(
                .cannotOpen,
                "cannot create the lock file \(path).lock: \(error.reason); the store's folder must be writable to change the store (listings only read it)"
            )
        }
        defer { lock.unlock() }
        try StoreIdentity.vetFile(at: path)
        do {
            let pool = try DatabasePool(path: path, configuration: Self.configuration)
            // GRDB switches a pool to WAL with synchronous = NORMAL after `prepareDatabase` runs;
            // put FULL back on the writer, the only connection that commits.
            let stamped = try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return try StoreIdentity.vet(db, path: path)
            }
            try Schema.migrator.migrate(pool)
            // Opening a store whose header is up to date writes nothing.
            if !stamped { try pool.writeWithoutTransaction { db in try StoreIdentity.stamp(db) } }
            backend = .sqlite(pool)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Opens an existing store without writing to it: no migration, no sync, no fsync, and it works
    /// for a user who may only read the file. Writes through it fail with ``StoreError/Code/readOnly``.
    ///
    /// A store made by an older version (whose schema is not up to date) is read through an
    /// in-memory copy brought up to date. When nothing exists at `path` yet, an empty in-memory
    /// store is returned and nothing is created (callers may warn: see ``exists``).
    /// A PostgreSQL URL opens that store (a server has no read-only file to open).
    public static func reading(path: String) throws -> SessionStore {
        if isServerURL(path) { return try SessionStore(url: path) }
        guard exists(at: path) else { return try SessionStore() }
        // A store another process is creating is an empty file, then one with only the migrator's
        // table, while its creator holds the `.lock` (see `init(path:)`): wait for it before
        // judging the file. A reader who may not create the lock file judges at once.
        if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 { waitForCreator(of: path) }
        do {
            return try openReading(path: path)
        } catch let error as StoreError where error.code == .notADatabase {
            guard waitForCreator(of: path) else { throw error }
            return try openReading(path: path)
        }
    }

    /// Waits until no process holds the store's `.lock`; false when the lock file cannot be opened.
    @discardableResult
    private static func waitForCreator(of path: String) -> Bool {
        guard let creating = try? FileLock(path: path + ".lock") else { return false }
        creating.unlock()
        return true
    }

    private static func openReading(path: String) throws -> SessionStore {
        try StoreIdentity.vetFile(at: path)
        let queue: DatabaseQueue
        do {
            var configuration = Self.configuration
            configuration.readonly = true
            queue = try DatabaseQueue(path: path, configuration: configuration)
            _ = try queue.read { db in try StoreIdentity.vet(db, path: path) }
            if try queue.read({ db in try Schema.migrator.hasCompletedMigrations(db) }) {
                return SessionStore(reader: queue, path: path)
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
        return try SessionStore(copying: SessionStore(reader: queue, path: path))
    }

    private init(reader: DatabaseQueue, path: String) {
        self.path = path
        backend = .sqlite(reader)
    }

    /// A private in-memory store, for tests and simulations.
    public init() throws {
        path = nil
        do {
            let queue = try DatabaseQueue(configuration: Self.configuration)
            try Schema.migrator.migrate(queue)
            try queue.writeWithoutTransaction { db in try StoreIdentity.stamp(db) }
            backend = .sqlite(queue)
        } catch {
            throw StoreError.wrap(error, path: nil)
        }
    }

    /// A private in-memory copy of another store, SQLite or PostgreSQL: a simulation's starting
    /// point. The original is only read.
    public init(copying original: SessionStore) throws {
        path = nil
        do {
            let queue = try DatabaseQueue(configuration: Self.configuration)
            switch original.backend {
            case .sqlite(let source):
                try source.backup(to: queue)
                try Schema.migrator.migrate(queue)
            case .postgres(let server):
                try Schema.migrator.migrate(queue)
                try server.copy(into: queue)
            }
            try queue.writeWithoutTransaction { db in try StoreIdentity.stamp(db) }
            backend = .sqlite(queue)
        } catch {
            throw StoreError.wrap(error, path: original.path)
        }
    }

    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // FULL: a committed transition survives a power cut, not just a crash.
            try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
            // Keep the -wal and -shm files when the last connection closes: SQLite can then open
            // the store read-only for a user who may not create them (listings).
            if !db.configuration.readonly, let connection = db.sqliteConnection {
                var keep: Int32 = 1
                _ = sqlite3_file_control(connection, nil, SQLITE_FCNTL_PERSIST_WAL, &keep)
            }
        }
        return configuration
    }

    /// The SQLite database, for what only SQLite has (its file's header, integrity checks, backups).
    var sqlite: (any DatabaseWriter)? {
        if case .sqlite(let writer) = backend { return writer }
        return nil
    }

    /// Reads the SQLite database itself, for what only SQLite has (`what` names it in the error).
    func readSQLite<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        guard let sqlite else {
            throw StoreError(.unsupported, "\(what) is for a SQLite store, and \(location) is a PostgreSQL store")
        }
        do {
            if batching.value > 0 { return try sqlite.unsafeReentrantWrite(body) }
            return try sqlite.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `body` in a write transaction, turning database errors into ``StoreError``.
    /// Inside a ``batch(_:)`` it is a savepoint of the batch's transaction.
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            switch backend {
            case .sqlite(let writer):
                return try writer.unsafeReentrantWrite { db in
                    var result: T?
                    if batching.value > 0 {
                        try db.inSavepoint {
                            result = try body(SQLiteConnection(db))
                            return .commit
                        }
                    } else {
                        try db.inTransaction(.immediate) {
                            result = try body(SQLiteConnection(db))
                            return .commit
                        }
                    }
                    guard let result else { throw StoreError(.sqlite, "a store transaction ended without its result") }
                    return result
                }
            case .postgres(let server):
                if let batch = postgresBatch.current { return try PostgresBackend.savepoint(batch, body) }
                return try server.write(body)
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `body` in a read transaction, turning database errors into ``StoreError``.
    /// Inside a ``batch(_:)`` it reads through the batch's connection, so it sees the batch's writes.
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            switch backend {
            case .sqlite(let writer):
                if batching.value > 0 { return try writer.unsafeReentrantWrite { try body(SQLiteConnection($0)) } }
                return try writer.read { try body(SQLiteConnection($0)) }
            case .postgres(let server):
                if let batch = postgresBatch.current { return try body(batch) }
                return try server.read(body)
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Inside a ``batch(_:)``, commits what it wrote so far (the rest of the batch goes on in a new
    /// transaction): before something that may wait for another process, such as a program a
    /// plugin runs, which could itself be a `stationctl` waiting for the write lock. Else does nothing.
    public func commitBatchSoFar() throws {
        do {
            switch backend {
            case .sqlite(let writer):
                guard batching.value > 0 else { return }
                try writer.unsafeReentrantWrite { db in
                    try db.commit()
                    try db.beginTransaction(.immediate)
                }
            case .postgres:
                guard let batch = postgresBatch.current else { return }
                try PostgresBackend.commit(batch)
                try PostgresBackend.beginWrite(batch.connection)
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Commits every write `body` makes through this store in one transaction, when `body` returns:
    /// one fsync for a pass of the daemon instead of one per action. Each write is a savepoint of
    /// it, so a refused command undoes only its own rows; reads inside see the batch's writes.
    /// The write lock is taken at the start (in WAL mode a transaction that has read cannot always
    /// become a writer; on PostgreSQL writers take turns on the journal's counter), and other
    /// writers wait for the commit: keep batches short. When `body` throws, nothing it wrote is
    /// kept. A batch inside a batch is part of it.
    ///
    /// ```swift
    /// try store.batch {
    ///     for event in events { policies.dispatch(event) }   // the hooks' actions
    ///     try store.setCursor("serve", to: last)             // commit with them
    /// }
    /// ```
    public func batch<T>(_ body: () throws -> T) throws -> T {
        do {
            switch backend {
            case .sqlite(let writer):
                if batching.value > 0 { return try body() }
                return try writer.writeWithoutTransaction { db in
                    try db.beginTransaction(.immediate)
                    batching.add(1)
                    defer { batching.add(-1) }
                    let result: T
                    do {
                        result = try body()
                    } catch {
                        if db.isInsideTransaction { try? db.rollback() }
                        throw error
                    }
                    try db.commit()
                    return result
                }
            case .postgres(let server):
                if postgresBatch.current != nil { return try body() }
                return try server.withConnection { connection in
                    try PostgresBackend.beginWrite(connection)
                    let sql = PostgresSQL(connection)
                    postgresBatch.begin(sql)
                    defer { postgresBatch.end() }
                    do {
                        let result = try body()
                        try PostgresBackend.commit(sql)
                        return result
                    } catch {
                        PostgresBackend.rollbackQuietly(connection)
                        throw error
                    }
                }
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}

/// The transaction of a batch in progress on PostgreSQL, seen only from the thread running the
/// batch (another thread's command takes a connection of its own and waits for the batch's commit).
final class BatchSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var thread: ObjectIdentifier?
    private var sql: PostgresSQL?

    var current: PostgresSQL? {
        lock.lock()
        defer { lock.unlock() }
        return thread == ObjectIdentifier(Thread.current) ? sql : nil
    }

    func begin(_ sql: PostgresSQL) {
        lock.lock()
        thread = ObjectIdentifier(Thread.current)
        self.sql = sql
        lock.unlock()
    }

    func end() {
        lock.lock()
        thread = nil
        sql = nil
        lock.unlock()
    }
}
