import Foundation
import GRDB

/// A ``SQLConnection`` over a GRDB database inside one of its transactions. Statements are
/// prepared once per connection (GRDB's statement cache).
final class SQLiteConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    init(_ db: Database) {
        self.db = db
    }

    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
    }

    /// SQLite's readers learn of commits from the file (``CommitWatcher`` in the daemon).
    func notedJournalAppend() {}

    func each(_ sql: String, _ arguments: SQLArguments, _ visit: (SQLRow) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        while let row = try cursor.next() { try visit(SQLRow(storage: .sqlite(row))) }
    }
}
