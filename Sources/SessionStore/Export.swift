import Foundation
import GRDB
import SessionEngine

/// One value of an exported row, as SQLite stored it.
public enum ExportedValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A slice of one table's rows, in primary-key order: what ``SessionStore/export(batchSize:_:)`` hands over.
public struct ExportedRows: Sendable {
    /// The table's name, as in the schema.
    public let table: String
    /// The table's columns, in the schema's order; every row has one value per column.
    public let columns: [String]
    public let rows: [[ExportedValue]]
}

/// What a whole export read besides the rows.
public struct ExportSummary: Sendable, Equatable {
    /// The highest id each `AUTOINCREMENT` table ever handed out (SQLite's `sqlite_sequence`),
    /// which may be above the highest id still in the table: ended sessions are deleted.
    public let highestIDs: [String: Int64]
    /// Rows per table, in the order the tables were exported.
    public let rowCounts: [(table: String, rows: Int)]

    public static func == (left: ExportSummary, right: ExportSummary) -> Bool {
        left.highestIDs == right.highestIDs && left.rowCounts.elementsEqual(right.rowCounts) { $0 == $1 }
    }
}

extension SessionStore {
    /// Reads every table of the store (not SQLite's or the migrator's own) in one read
    /// transaction, so that the tables agree with each other even while a daemon writes. The
    /// tables come in the order the schema created them (a referenced table before the tables
    /// that reference it), each at least once (with no rows when it is empty), in slices of at
    /// most `batchSize` rows in primary-key order (the journal by `seq`).
    ///
    /// - Throws: ``StoreError``; ``StoreError/Code/unreadableRow`` for a value SQLite holds as a blob.
    @discardableResult
    public func export(batchSize: Int = 500, _ visit: (ExportedRows) throws -> Void) throws -> ExportSummary {
        try readSQLite("an export") { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master
                    WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    ORDER BY rowid
                    """)
            var counts: [(table: String, rows: Int)] = []
            for table in tables {
                counts.append((table, try Self.export(table: table, batchSize: max(1, batchSize), in: db, visit)))
            }
            var highest: [String: Int64] = [:]
            if try db.tableExists("sqlite_sequence") {
                for row in try Row.fetchAll(db, sql: "SELECT name, seq FROM sqlite_sequence") {
                    highest[row["name"]] = row["seq"]
                }
            }
            return ExportSummary(highestIDs: highest, rowCounts: counts)
        }
    }

    private static func export(
        table: String, batchSize: Int, in db: Database, _ visit: (ExportedRows) throws -> Void
    ) throws -> Int {
        let info = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
        let columns: [String] = info.map { $0["name"] }
        let key = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
        let order = (key.isEmpty ? columns : key).map { $0.quotedDatabaseIdentifier }.joined(separator: ", ")
        let sql = "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)"
        let cursor = try Row.fetchCursor(db, sql: sql)
        var batch: [[ExportedValue]] = []
        var count = 0
        var visited = false
        while let row = try cursor.next() {
            batch.append(
                try columns.indices.map { index in try exported(row[index] as DatabaseValue, table: table, column: columns[index]) })
            count += 1
            if batch.count == batchSize {
                try visit(ExportedRows(table: table, columns: columns, rows: batch))
                batch.removeAll(keepingCapacity: true)
                visited = true
            }
        }
        if !batch.isEmpty || !visited { try visit(ExportedRows(table: table, columns: columns, rows: batch)) }
        return count
    }

    private static func exported(_ value: DatabaseValue, table: String, column: String) throws -> ExportedValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob:
            throw StoreError(
                .unreadableRow,
                "the store's \(table).\(column) holds a blob, which no column of the schema has; run 'stationctl check-store'")
        }
    }
}
