import Foundation
import GRDB
import PostgresClient

extension PostgresBackend {
    /// Copies every data table of the district's store, from one snapshot, into `queue` (an
    /// empty SQLite store with its schema): the start of a simulation from the live state
    /// (`stationctl simulate --from-store`). The district is only read.
    func copy(into queue: DatabaseQueue) throws {
        try read { sql in
            try queue.inTransaction { db in
                for table in PostgresSchema.dataTables {
                    try Self.copy(table, from: sql.connection, into: db)
                }
                // New sessions of the copy get ids the district never handed out (ended ones included).
                let handedOut =
                    try sql.connection.execute(
                        "SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('session', 'id')::regclass), 0)"
                    ).single().int64(0) ?? 0
                try db.execute(sql: "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'session'", arguments: [handedOut])
                if db.changesCount == 0 {
                    try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('session', ?)", arguments: [handedOut])
                }
                return .commit
            }
        }
    }

    private static func copy(_ table: String, from connection: PostgresConnection, into db: Database) throws {
        let result = try connection.execute("SELECT * FROM \"\(table)\"")
        guard !result.rows.isEmpty else { return }
        let columns = result.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let statement = try db.makeStatement(
            sql: "INSERT INTO \(table) (\(columns)) VALUES \(placeholders(result.columns.count))")
        for row in result.rows {
            let values = zip(result.columns, row.values).map { column, text in sqliteValue(text, type: column.typeOID) }
            try statement.execute(arguments: StatementArguments(values))
        }
    }

    /// A value in PostgreSQL's text form, as the SQLite schema's column type holds it.
    private static func sqliteValue(_ text: String?, type: UInt32) -> DatabaseValue {
        guard let text else { return .null }
        switch type {
        case PostgresType.int8, PostgresType.int4, PostgresType.int2:
            return Int64(text).map(\.databaseValue) ?? text.databaseValue
        case PostgresType.float8, PostgresType.float4:
            return Double(postgresText: text).map(\.databaseValue) ?? text.databaseValue
        case PostgresType.bool:
            return (Bool(postgresText: text) ?? false).databaseValue
        default:
            return text.databaseValue
        }
    }
}
