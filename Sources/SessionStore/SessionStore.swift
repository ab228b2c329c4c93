import Foundation
import GRDB
import GRDBSQLite
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
    let writer: any DatabaseWriter
    private let appended = Counter()

    /// How many journal events this instance has appended: lets a loop notice its own new events
    /// without a query.
    public var eventsAppended: Int { appended.value }

    func countAppended(_ count: Int) { appended.add(count) }
    /// The database file, or `nil` for an in-memory store.
    public let path: String?

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // First opens race on creating the file, switching it to WAL and migrating: serialize them.
            let lock = try FileLock(path: path + ".lock")
            defer { lock.unlock() }
            let pool = try DatabasePool(path: path, configuration: Self.configuration)
            // GRDB switches a pool to WAL with synchronous = NORMAL after `prepareDatabase` runs;
            // put FULL back on the writer, the only connection that commits.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator.migrate(pool)
            writer = pool
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// A private in-memory store, for tests and simulations.
    public init() throws {
        path = nil
        do {
            let queue = try DatabaseQueue(configuration: Self.configuration)
            try Schema.migrator.migrate(queue)
            writer = queue
        } catch {
            throw StoreError.wrap(error, path: nil)
        }
    }

    /// A private in-memory copy of another store: a simulation's starting point. The original is only read.
    public init(copying original: SessionStore) throws {
        path = nil
        do {
            let queue = try DatabaseQueue(configuration: Self.configuration)
            try original.writer.backup(to: queue)
            try Schema.migrator.migrate(queue)
            writer = queue
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
        }
        return configuration
    }

    /// Runs `body` in a write transaction, turning database errors into ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `body` in a read transaction, turning database errors into ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}

extension SessionStore {
    /// Claims the store for one daemon: a second `stationctl serve` on the same store would hand
    /// every event to the hooks twice. Held until the returned lock is unlocked or the process ends.
    public func claimForDaemon() throws -> FileLock {
        guard let path else { return FileLock.none }
        guard let lock = try? FileLock(path: path + ".serve.lock", wait: false) else {
            throw StoreError("another 'stationctl serve' is already running on \(path): stop it first (only one daemon may serve a store)")
        }
        return lock
    }
}

/// An exclusive `flock` on a side file.
public struct FileLock: Sendable {
    private let descriptor: Int32

    /// A lock that holds nothing (an in-memory store has nobody to share it with).
    static let none = FileLock(descriptor: -1)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    init(path: String, wait: Bool = true) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError("cannot create \(path): \(String(cString: strerror(errno))); check the store's folder and its permissions, or choose another with --store")
        }
        var result: Int32
        repeat {
            result = flock(descriptor, wait ? LOCK_EX : LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        if result != 0 {
            close(descriptor)
            throw StoreError("\(path) is locked by another process")
        }
    }

    public func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func add(_ amount: Int) {
        lock.lock()
        count += amount
        lock.unlock()
    }
}
