import Foundation
import GRDB
import PostgresClient
import SessionEngine

/// A failure of the store itself (as opposed to a refused transition, ``SessionEngine/EngineError``).
///
/// Callers switch on ``code``; ``message`` says what happened and what to do.
///
/// ```swift
/// do { try SessionStore(path: path) } catch let error as StoreError where error.code == .notADatabase { … }
/// ```
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The store is damaged: run `stationctl check-store`, restore a backup.
        case corrupt
        /// The store's files changed under a running process (its WAL removed or replaced).
        case filesChanged
        /// The file or its folder cannot be opened or created: check the path and its permissions.
        case cannotOpen
        /// The store can be read but not written: a read-only file or folder.
        case readOnly
        /// The file is not a Stationkeeper database, or is damaged.
        case notADatabase
        /// The store was made by a newer version: upgrade stationctl.
        case newerVersion
        /// Another process kept the store locked for too long: try again.
        case busy
        /// Another `stationctl serve` already serves this store.
        case daemonRunning
        /// A row holds a value this version cannot read.
        case unreadableRow
        /// The location is not a `postgresql://` (or `postgres://`) URL where one is needed.
        case badURL
        /// The target of a copy (`migrate-store`) already holds data; nothing was written.
        case notEmpty
        /// The SQLite store has a table the PostgreSQL schema has not (made by a newer version).
        case unknownTable
        /// What this kind of store cannot do (a SQLite-only command on a PostgreSQL store).
        case unsupported
        /// The PostgreSQL server refused the connection, the login, or went away: check the URL and the server.
        case server
        /// Any other SQLite error.
        case sqlite
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Gives SQLite's errors a code and a message saying what the user can do; any other error
    /// (a refused transition, a policy limit) is returned as it is.
    static func wrap(_ error: any Error, path: String?) -> any Error {
        if let error = error as? PostgresError { return StoreError(error) }
        guard let error = error as? DatabaseError else { return error }
        let place = path.map { " at \($0)" } ?? ""
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_CANTOPEN, .SQLITE_PERM:
            return StoreError(
                .cannotOpen, "cannot open the store\(place): \(detail); check the path and its permissions, or choose another with --store")
        case .SQLITE_READONLY:
            return StoreError(
                .readOnly,
                "cannot write the store\(place): \(detail); the file or its folder is read-only for this user (listings still work)")
        case .SQLITE_NOTADB:
            return StoreError(
                .notADatabase,
                "the store\(place) is not a Stationkeeper database (\(error.message ?? "unreadable")); point --store at another file")
        case .SQLITE_CORRUPT:
            return StoreError(
                .corrupt,
                "the store\(place) is damaged (\(error.message ?? "corrupt")): stop the daemon, run 'stationctl check-store', and restore the last backup (stationctl backup)"
            )
        case .SQLITE_IOERR:
            return StoreError(
                .filesChanged,
                "the store\(place) could not be read or written (\(detail)): its files may have been removed or replaced while in use (its -wal file?), or the disk failed; restart the daemon, then run 'stationctl check-store'"
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.busy, "the store\(place) stayed locked by another process for too long; try again")
        default:
            return StoreError(.sqlite, "store error\(place): \(detail)")
        }
    }

    /// PostgreSQL's errors with a code and a one-line message (never the password: libpq's text is
    /// redacted, and its lines are joined).
    public init(_ error: PostgresError) {
        self = Self.wrap(error)
        message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    private static func wrap(_ error: PostgresError) -> StoreError {
        switch error.kind {
        case .connection:
            return StoreError(
                .server, "\(error.message); check the URL (postgresql://USER@HOST:PORT/DATABASE), the server, and PGPASSFILE")
        case .connectionLost:
            return StoreError(.server, "the PostgreSQL server went away (\(error.message)); the next command reconnects")
        case .server where error.sqlState == SQLState.readOnlySQLTransaction || error.sqlState == SQLState.insufficientPrivilege:
            return StoreError(.readOnly, "cannot write the PostgreSQL store: \(error); the role needs the grants in docs/district.md")
        case .server where error.sqlState == SQLState.lockNotAvailable || error.sqlState == SQLState.deadlockDetected:
            return StoreError(.busy, "the PostgreSQL store stayed locked for too long (\(error)); try again")
        default:
            return StoreError(.sqlite, "store error on PostgreSQL: \(error)")
        }
    }
}
