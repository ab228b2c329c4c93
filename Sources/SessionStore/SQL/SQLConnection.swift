import Foundation
import GRDB

/// The values bound to a statement's `?` placeholders, in order.
///
/// ```swift
/// try db.execute("UPDATE station SET block_message = ? WHERE computer = ? AND name = ?", [message, computer, name])
/// ```
typealias SQLArguments = [(any DatabaseValueConvertible)?]

/// Which database a ``SQLConnection`` talks to, for the few statements that differ.
enum SQLDialect: Sendable {
    case sqlite
    case postgresql
}

/// One connection inside one of the store's transactions: what every query of ``SessionStore``
/// is written against, so that each query exists once for SQLite and PostgreSQL.
///
/// Statements use `?` placeholders and the SQL both databases read: `"user"` quoted (a reserved
/// word in PostgreSQL), `INSERT … ON CONFLICT … DO UPDATE` rather than `INSERT OR REPLACE`,
/// `RETURNING` for generated keys, and an alias on every subquery in `FROM`.
protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs one statement that returns no rows.
    func execute(_ sql: String, _ arguments: SQLArguments) throws
    /// Runs one statement and hands each row to `visit`, where it is (rows are not copied).
    func each(_ sql: String, _ arguments: SQLArguments, _ visit: (SQLRow) throws -> Void) throws
    /// Told after an event is appended to the journal (PostgreSQL notifies the daemons at commit).
    func notedJournalAppend()
}

extension SQLConnection {
    func execute(_ sql: String) throws { try execute(sql, []) }

    /// Each row of `sql`, decoded.
    func rows<T>(_ sql: String, _ arguments: SQLArguments = [], _ decode: (SQLRow) throws -> T) throws -> [T] {
        var result: [T] = []
        try each(sql, arguments) { result.append(try decode($0)) }
        return result
    }

    /// The first column of every row.
    func column<T: SQLColumn>(_ sql: String, _ arguments: SQLArguments = []) throws -> [T] {
        try rows(sql, arguments) { $0[0] }
    }

    /// The first column of the first row; `nil` when there is no row or it holds NULL.
    func one<T: SQLColumn>(_ sql: String, _ arguments: SQLArguments = []) throws -> T? {
        var found: T?
        var seen = false
        try each(sql, arguments) { row in
            guard !seen else { return }
            seen = true
            found = row[0]
        }
        return found
    }

    /// Whether `sql` returns a row.
    func exists(_ sql: String, _ arguments: SQLArguments = []) throws -> Bool {
        var seen = false
        try each(sql, arguments) { _ in seen = true }
        return seen
    }
}

/// `(?, ?, ?)` for an `IN` clause of `count` values; `(NULL)`, which matches nothing, for none
/// (PostgreSQL refuses an empty `IN ()`).
func placeholders(_ count: Int) -> String {
    guard count > 0 else { return "(NULL)" }
    return "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
}
