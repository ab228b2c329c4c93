import Foundation
import GRDB
import PostgresClient
import Synchronization

/// A ``SQLConnection`` over a PostgreSQL connection inside one of the store's transactions.
///
/// The store's statements are written with `?` placeholders; PostgreSQL numbers them (`$1`,
/// `$2`…). Each statement is rewritten once and kept (``Placeholders``).
final class PostgresSQL: SQLConnection {
    let connection: PostgresConnection
    var dialect: SQLDialect { .postgresql }
    /// Set when a statement appended to the journal: the commit then notifies the daemons.
    var appendedToJournal = false

    func notedJournalAppend() { appendedToJournal = true }

    /// Inside a read-only snapshot (``PostgresBackend/read(_:)``).
    let readOnly: Bool

    init(_ connection: PostgresConnection, readOnly: Bool = false) {
        self.connection = connection
        self.readOnly = readOnly
    }

    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        try connection.execute(Placeholders.numbered(sql), arguments.map(Self.value))
    }

    func each(_ sql: String, _ arguments: SQLArguments, _ visit: (SQLRow) throws -> Void) throws {
        for row in try connection.execute(Placeholders.numbered(sql), arguments.map(Self.value)).rows {
            try visit(SQLRow(storage: .postgres(row)))
        }
    }

    static func value(_ argument: (any DatabaseValueConvertible)?) -> PostgresValue {
        switch argument?.databaseValue.storage ?? .null {
        case .null: return .null
        case .int64(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
        }
    }
}

/// `?` placeholders rewritten as PostgreSQL's `$1`, `$2`…, outside quoted strings and identifiers.
enum Placeholders {
    private static let cache = Mutex<[String: String]>([:])

    static func numbered(_ sql: String) -> String {
        if let known = cache.withLock({ $0[sql] }) { return known }
        let rewritten = rewrite(sql)
        cache.withLock { known in
            // Statements with an IN list of every length could fill it: start again past a bound.
            if known.count > 2000 { known.removeAll() }
            known[sql] = rewritten
        }
        return rewritten
    }

    static func rewrite(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                count += 1
                result += "$\(count)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
