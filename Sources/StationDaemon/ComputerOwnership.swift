import Foundation
import PostgresClient
import SessionStore

#if canImport(Glibc)
import Glibc
#endif

/// Which computers of a district's store this daemon serves: those matching its pattern
/// (`serve --computers 'SCHOOL-12-*'`, or all) whose advisory lock it holds, on a connection
/// of its own. PostgreSQL releases a session's advisory locks when its connection ends, so a
/// daemon that dies (killed, crashed, its machine gone) frees its computers, and another daemon
/// whose pattern covers them takes them at its next ``refresh(known:)`` (every two seconds).
///
/// The key of a computer's lock is a hash of the store's schema and the computer's name
/// (`hashtextextended`), so two stores in one database do not share locks. Events of no
/// computer have a lock of their own, ``computerless``.
///
/// ```swift
/// let ownership = try ComputerOwnership(store: store, pattern: "SCHOOL-12-*")
/// let change = try ownership.refresh(known: store.computerNames())
/// ownership.scope.covers("SCHOOL-12-3")
/// ```
public final class ComputerOwnership {
    /// The unit of the events that name no computer (a policy's failure, for example).
    public static let computerless = ""

    let store: SessionStore
    /// A shell pattern (`fnmatch`), `nil` for every computer.
    private let pattern: String?
    private var connection: PostgresConnection?
    /// What the daemon's policies see.
    public let scope: ComputerScope
    /// The units held: computer names, and ``computerless``.
    public private(set) var held: Set<String> = []
    /// How often the daemon looks for computers nobody serves.
    public static let refreshInterval: Duration = .seconds(2)
    private var lastRefresh: ContinuousClock.Instant?

    /// - Throws: ``SessionStore/StoreError`` `.unsupported` for a SQLite store (one daemon serves it all).
    public init(store: SessionStore, pattern: String?) throws {
        guard store.isShared else {
            throw StoreError(
                .unsupported,
                "--computers is for a district's PostgreSQL store, where several daemons share the computers; one daemon serves a SQLite store"
            )
        }
        self.store = store
        self.pattern = pattern
        scope = ComputerScope(owned: [], timerNamespace: pattern ?? "*")
    }

    /// What a refresh changed.
    public struct Change: Sendable, Equatable {
        public var gained: Set<String> = []
        public var lost: Set<String> = []
    }

    /// Whether `name` matches the pattern.
    public func wants(_ name: String) -> Bool {
        guard let pattern else { return true }
        return fnmatch(pattern, name, 0) == 0
    }

    /// Refreshes at most every ``refreshInterval``; see ``refresh(known:)``.
    public func refreshIfDue(known: () throws -> [String]) throws -> Change {
        if let lastRefresh, ContinuousClock.now - lastRefresh < Self.refreshInterval { return Change() }
        return try refresh(known: known())
    }

    /// Checks that the locks are still held (a lost connection loses them all), then tries to
    /// take the lock of every wanted unit not held: `known` computers matching the pattern, and
    /// the computerless unit.
    @discardableResult
    public func refresh(known: [String]) throws -> Change {
        lastRefresh = .now
        // A reconnection starts with no lock held: what was held before is compared at the end.
        let before = held
        let connection: PostgresConnection
        do {
            connection = try connected()
            // A cheap round trip: if the server ended our session, the locks went with it.
            try connection.execute("SELECT 1")
        } catch {
            held = []
            scope.set([])
            self.connection?.close()
            self.connection = nil
            throw error
        }
        let wanted = Set(known.filter(wants)).union([Self.computerless])
        for unit in wanted.subtracting(held).sorted() {
            let taken =
                try connection.execute(
                    "SELECT pg_try_advisory_lock(hashtextextended(current_schema() || '/computer/' || $1, 0))", [.text(unit)]
                ).single().bool(0) ?? false
            if taken { held.insert(unit) }
        }
        // A computer gone from the config: let it go.
        for unit in held.subtracting(wanted) {
            _ = try connection.execute(
                "SELECT pg_advisory_unlock(hashtextextended(current_schema() || '/computer/' || $1, 0))", [.text(unit)])
            held.remove(unit)
        }
        scope.set(held.subtracting([Self.computerless]))
        return Change(gained: held.subtracting(before), lost: before.subtracting(held))
    }

    private func connected() throws -> PostgresConnection {
        if let connection, connection.isOpen { return connection }
        guard let fresh = try store.dedicatedConnection() else {
            throw StoreError(.unsupported, "advisory locks need a PostgreSQL store")
        }
        // What `stationctl daemons` and the dashboard show for this daemon.
        let name = SessionStore.daemonName(host: ProcessInfo.processInfo.hostName, pid: getpid())
        try fresh.execute("SELECT set_config('application_name', $1, false)", [.text(name)])
        connection = fresh
        held = []
        return fresh
    }

    /// Whether the lock connection still holds every unit it held at the last refresh, as the
    /// server sees it (through `store`, so inside a batch it is checked in the batch's transaction).
    public func stillHeld() throws -> Bool {
        guard let connection, connection.isOpen else { return held.isEmpty }
        return try store.advisoryLocksHeld(byServerPID: connection.processID) >= held.count
    }

    /// Makes the next ``refreshIfDue(known:)`` refresh at once.
    public func refreshSoon() {
        lastRefresh = nil
    }

    /// Lets every computer go (the daemon stops): another daemon takes them at once.
    public func releaseAll() {
        connection?.close()
        connection = nil
        held = []
        scope.set([])
    }
}
