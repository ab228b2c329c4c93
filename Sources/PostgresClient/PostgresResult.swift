/// A column of a result: its name and its type's OID (`PostgresType`).
public struct PostgresColumn: Sendable, Equatable {
    public let name: String
    public let typeOID: UInt32

    public init(name: String, typeOID: UInt32) {
        self.name = name
        self.typeOID = typeOID
    }
}

/// What a statement returned, copied out of libpq's result (which is freed at once): the
/// columns, the rows in text format, the command tag and the number of rows it touched.
public struct PostgresResult: Sendable {
    public let columns: [PostgresColumn]
    public let rows: [PostgresRow]
    /// The command tag: `SELECT 2`, `INSERT 0 1`, `COMMIT`, or `ROLLBACK` for a COMMIT of a failed transaction.
    public let command: String
    /// Rows inserted, updated, deleted, selected…, when the command says (PQcmdTuples).
    public let affectedRows: Int?

    /// The one row's one value of a one-row result (`SELECT count(*) …`).
    public func single() throws -> PostgresRow {
        guard rows.count == 1 else {
            throw PostgresError(kind: .usage, message: "expected one row, the statement returned \(rows.count)")
        }
        return rows[0]
    }
}

/// One row: its values in PostgreSQL's text format, read through typed accessors that return
/// nil for NULL and throw when the column is missing or holds another type.
public struct PostgresRow: Sendable {
    public let columns: [PostgresColumn]
    /// The raw text of each value, nil for NULL.
    public let values: [String?]

    public func isNull(_ column: Int) throws -> Bool { try value(column) == nil }
    public func isNull(_ name: String) throws -> Bool { try isNull(index(of: name)) }

    /// Any value as its text (every type has one).
    public func string(_ column: Int) throws -> String? { try value(column) }
    public func string(_ name: String) throws -> String? { try string(index(of: name)) }

    /// `int2`, `int4` or `int8`.
    public func int64(_ column: Int) throws -> Int64? {
        guard let text = try value(column, types: [PostgresType.int8, PostgresType.int4, PostgresType.int2], expected: "an integer")
        else { return nil }
        guard let number = Int64(text) else { throw decodingError(column, text, "an integer") }
        return number
    }
    public func int64(_ name: String) throws -> Int64? { try int64(index(of: name)) }

    /// `float4`, `float8`, `numeric` (rounded to the nearest double) or an integer type.
    public func double(_ column: Int) throws -> Double? {
        let types = [
            PostgresType.float8, PostgresType.float4, PostgresType.numeric, PostgresType.int8, PostgresType.int4, PostgresType.int2,
        ]
        guard let text = try value(column, types: types, expected: "a number") else { return nil }
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let number = Double(text) else { throw decodingError(column, text, "a number") }
            return number
        }
    }
    public func double(_ name: String) throws -> Double? { try double(index(of: name)) }

    /// `bool` (`t` or `f` in text format).
    public func bool(_ column: Int) throws -> Bool? {
        guard let text = try value(column, types: [PostgresType.bool], expected: "a boolean") else { return nil }
        switch text {
        case "t": return true
        case "f": return false
        default: throw decodingError(column, text, "a boolean")
        }
    }
    public func bool(_ name: String) throws -> Bool? { try bool(index(of: name)) }

    /// The index of the first column called `name`.
    public func index(of name: String) throws -> Int {
        guard let index = columns.firstIndex(where: { $0.name == name }) else {
            let names = columns.map(\.name).joined(separator: ", ")
            throw PostgresError(kind: .usage, message: "no column named \(name) (the result has: \(names))")
        }
        return index
    }

    private func value(_ column: Int) throws -> String? {
        guard values.indices.contains(column) else {
            throw PostgresError(kind: .usage, message: "no column \(column) (the result has \(values.count))")
        }
        return values[column]
    }

    private func value(_ column: Int, types: [UInt32], expected: String) throws -> String? {
        let text = try value(column)
        let type = columns[column].typeOID
        guard types.contains(type) else {
            throw PostgresError(
                kind: .decoding, message: "column \(columns[column].name) has type oid \(type), which is not \(expected)")
        }
        return text
    }

    private func decodingError(_ column: Int, _ text: String, _ expected: String) -> PostgresError {
        PostgresError(kind: .decoding, message: "column \(columns[column].name) holds \"\(text)\", which is not \(expected)")
    }
}
