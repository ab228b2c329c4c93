/// Why a PostgreSQL store refused or failed, with a message that says what to do.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The location is not a `postgresql://` (or `postgres://`) URL.
        case badURL
        /// The target of a copy already holds data; nothing was written.
        case notEmpty
        /// The SQLite store has a table the PostgreSQL schema does not (made by a newer version).
        case unknownTable
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
