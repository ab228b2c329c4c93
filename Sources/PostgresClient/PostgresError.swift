/// What went wrong with a connection or a statement. A server's error carries its SQLSTATE
/// (`sqlState`, e.g. `"23505"` for a unique violation) and its message, detail, hint and
/// constraint; nothing here ever holds the connection's password (see `PostgresConnection`).
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Connecting failed (server unreachable, refused login, bad connection string).
        case connection
        /// The connection broke while in use (server gone, socket closed): reconnect.
        case connectionLost
        /// The server refused a statement; `sqlState` says why.
        case server
        /// The caller's mistake: a closed connection, a nested transaction, a missing column, a NUL in a string.
        case usage
        /// A value could not be read as the type asked for.
        case decoding
    }

    public var kind: Kind
    /// The server's five-character SQLSTATE (`SQLState` names a few), nil for errors made on this side.
    public var sqlState: String?
    /// The primary message (the server's, or ours).
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The constraint a violation is about, when the server names one.
    public var constraint: String?
    /// ERROR, FATAL, PANIC (the server's, not translated), when it says.
    public var severity: String?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, severity: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.severity = severity
    }

    public var isUniqueViolation: Bool { sqlState == SQLState.uniqueViolation }

    public var description: String {
        var text: String
        if let sqlState {
            text = "\(severity ?? "ERROR") \(sqlState): \(message)"
        } else {
            text = message
        }
        if let detail { text += " (\(detail))" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }
}

/// A few SQLSTATE codes (PostgreSQL's Appendix A) that callers test for.
public enum SQLState {
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let notNullViolation = "23502"
    public static let checkViolation = "23514"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let lockNotAvailable = "55P03"
    public static let queryCanceled = "57014"
    public static let undefinedTable = "42P01"
    public static let syntaxError = "42601"
    public static let invalidPassword = "28P01"
    public static let readOnlySQLTransaction = "25006"
    public static let insufficientPrivilege = "42501"
}
