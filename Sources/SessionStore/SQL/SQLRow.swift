import Foundation
import GRDB
import PostgresClient

/// One row of a result, read by column position: `row[0] as Int64`, `row[3] as String?`.
///
/// A NULL read as a non-optional type reads as that type's zero (`0`, `""`, `false`): the schema
/// declares such columns `NOT NULL`, so it only happens for a query that selects the wrong column.
struct SQLRow {
    enum Storage {
        case sqlite(Row)
        case postgres(PostgresRow)
    }

    let storage: Storage

    subscript<T: SQLColumn>(_ index: Int) -> T? { value(index) }

    subscript<T: SQLColumn>(_ index: Int) -> T { value(index) ?? T.zero }

    private func value<T: SQLColumn>(_ index: Int) -> T? {
        switch storage {
        case .sqlite(let row): return T.read(row, index)
        case .postgres(let row):
            guard index < row.values.count, let text = row.values[index] else { return nil }
            return T(postgresText: text)
        }
    }
}

/// A type a column can be read as, from either database.
protocol SQLColumn {
    static var zero: Self { get }
    static func read(_ row: Row, _ index: Int) -> Self?
    /// Reads PostgreSQL's text form of a value (results come in text format).
    init?(postgresText text: String)
}

extension Int64: SQLColumn {
    static var zero: Int64 { 0 }
    static func read(_ row: Row, _ index: Int) -> Int64? { row[index] }
    init?(postgresText text: String) {
        // A bigint; SUM() of bigints is numeric, which has no decimals here.
        guard let value = Int64(text) ?? Double(text).flatMap({ Int64(exactly: $0) }) else { return nil }
        self = value
    }
}

extension Int: SQLColumn {
    static var zero: Int { 0 }
    static func read(_ row: Row, _ index: Int) -> Int? { row[index] }
    init?(postgresText text: String) {
        guard let value = Int64(postgresText: text) else { return nil }
        self = Int(value)
    }
}

extension Double: SQLColumn {
    static var zero: Double { 0 }
    static func read(_ row: Row, _ index: Int) -> Double? { row[index] }
    init?(postgresText text: String) {
        switch text {
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        case "NaN": self = .nan
        default:
            guard let value = Double(text) else { return nil }
            self = value
        }
    }
}

extension String: SQLColumn {
    static var zero: String { "" }
    static func read(_ row: Row, _ index: Int) -> String? { row[index] }
    init?(postgresText text: String) { self = text }
}

extension Bool: SQLColumn {
    static var zero: Bool { false }
    static func read(_ row: Row, _ index: Int) -> Bool? { row[index] }
    /// A `boolean` (`t`/`f`) or an integer flag (`0`/`1`, as the schema's SQLite-shaped columns hold).
    init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default:
            guard let number = Int64(text) else { return nil }
            self = number != 0
        }
    }
}
