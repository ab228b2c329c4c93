import CPostgres

#if canImport(Glibc)
import Glibc
#endif

/// One synchronous connection to a PostgreSQL server through libpq.
///
/// **Password.** `url` is a libpq connection string: a URL
/// (`postgresql://user[:password]@host:port/db?param=…`) or `key=value` pairs. libpq finds the
/// password by its own rules: in the URL, else `PGPASSWORD`, else the file `PGPASSFILE` (or
/// `passfile=` in the URL, or `~/.pgpass`). This type never prints it: `target` and every error
/// say `user@host:port/db`, and any text that came from libpq has the password replaced by `***`.
///
/// **Threads.** Not `Sendable`: one connection is used by one thread at a time (libpq's rule for a
/// `PGconn`), typically the thread that made it; it may be handed to another thread when the first
/// no longer uses it. Several connections may be used on several threads at once. A daemon keeps a
/// dedicated connection for its advisory locks and `notifications(timeout:)`, which blocks its
/// thread until a notification comes or the time is up.
///
/// Each connection has `connect_timeout=10` and `application_name=stationkeeper` unless the URL
/// says otherwise, and always `client_encoding=UTF8`. Server notices are dropped, not printed.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Where it connects, without the password: `user@host:port/db`.
    public let target: String
    private var secrets: [String]

    public init(url: String) throws {
        let parsed = ConnectionString(url)
        target = parsed.target
        secrets = parsed.secrets
        let keywords = ["connect_timeout", "fallback_application_name", "dbname", "client_encoding"]
        let values = ["10", "stationkeeper", url, "UTF8"]
        // Later keywords win: the URL overrides the first two, and client_encoding overrides the URL.
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "cannot connect to \(target): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.redact(Self.text(PQerrorMessage(connection)), secrets)
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: "cannot connect to \(target): \(message)")
        }
        handle = connection
        rememberPassword()
        cpostgres_drop_notices(connection)
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Closes the connection (the server ends its session: its advisory locks and LISTENs go).
    /// Using it afterwards throws a `.usage` error; closing twice does nothing.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Connects again with the same parameters (after `.connectionLost`). The new session has no
    /// LISTEN and no advisory lock of the old one: take them again.
    public func reconnect() throws {
        let connection = try open()
        PQreset(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError(kind: .connection, message: "cannot reconnect to \(target): \(errorMessage(connection))")
        }
        rememberPassword()
    }

    /// True while the connection is open and libpq has not seen it break.
    public var isOpen: Bool { handle.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// The server process of this session (`pg_backend_pid()`, and a notification's `processID`).
    public var processID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

    /// The server's version as libpq gives it: 150020 for 15.20.
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    public enum TransactionStatus: Sendable, Equatable {
        case idle, active, inTransaction, failedTransaction, unknown
    }

    /// Whether the session is in a transaction block (and whether a statement in it failed).
    public var transactionStatus: TransactionStatus {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// Runs one statement with `$1`, `$2`… bound to `parameters`, sent separately from the SQL
    /// (PQexecParams, text format), so a parameter is never read as SQL.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresResult {
        let connection = try open()
        try checkNoNUL(sql)
        let texts = try parameters.map { try $0.encoded() }
        let result = withOptionalCStringArray(texts) { valuePointers in
            PQexecParams(connection, sql, Int32(parameters.count), nil, valuePointers, nil, nil, 0)
        }
        return try finish(result, connection)
    }

    /// Runs SQL that may hold several statements separated by semicolons and no parameters
    /// (PQexec: a migration's script). Outside a transaction block, the statements run in one
    /// implicit transaction; the result is the last statement's.
    @discardableResult
    public func executeScript(_ sql: String) throws -> PostgresResult {
        let connection = try open()
        try checkNoNUL(sql)
        return try finish(PQexec(connection, sql), connection)
    }

    /// `name` quoted as an SQL identifier (PQescapeIdentifier): `"Lab ""1"""`.
    public func quoteIdentifier(_ name: String) throws -> String {
        let connection = try open()
        try checkNoNUL(name)
        guard let quoted = PQescapeIdentifier(connection, name, name.utf8.count) else {
            throw PostgresError(kind: .usage, message: "cannot quote \(name) as an identifier: \(errorMessage(connection))")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    // MARK: - Inside

    func open() throws -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .usage, message: "the connection to \(target) is closed")
        }
        return handle
    }

    /// libpq's current error message for `connection`, without the password.
    func errorMessage(_ connection: OpaquePointer) -> String {
        Self.redact(Self.text(PQerrorMessage(connection)), secrets)
    }

    /// The error for a connection that broke while in use.
    func lostError(_ connection: OpaquePointer, _ what: String) -> PostgresError {
        PostgresError(kind: .connectionLost, message: "the connection to \(target) broke \(what): \(errorMessage(connection))")
    }

    private func rememberPassword() {
        guard let handle, let password = PQpass(handle) else { return }
        let text = String(cString: password)
        if !text.isEmpty, !secrets.contains(text) { secrets.append(text) }
        secrets.sort { $0.count > $1.count }
    }

    private func checkNoNUL(_ sql: String) throws {
        guard !sql.utf8.contains(0) else {
            throw PostgresError(kind: .usage, message: "the SQL contains a NUL character")
        }
    }

    /// Turns a PGresult into a `PostgresResult` or an error, and frees it.
    private func finish(_ result: OpaquePointer?, _ connection: OpaquePointer) throws -> PostgresResult {
        guard let result else {
            if PQstatus(connection) != CONNECTION_OK { throw lostError(connection, "before the statement ran") }
            throw PostgresError(kind: .server, message: "the statement failed: \(errorMessage(connection))")
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return Self.copy(result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(connection)
            throw PostgresError(kind: .usage, message: "COPY is not supported by PostgresClient; it was cancelled")
        default:
            throw serverError(result, connection)
        }
    }

    private func serverError(_ result: OpaquePointer, _ connection: OpaquePointer) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return Self.redact(String(cString: value), secrets)
        }
        guard let sqlState = field("C") else {
            // No SQLSTATE: libpq made the error itself, typically because the connection broke.
            let message = Self.redact(Self.text(PQresultErrorMessage(result)), secrets)
            if PQstatus(connection) != CONNECTION_OK {
                return PostgresError(kind: .connectionLost, message: "the connection to \(target) broke: \(message)")
            }
            return PostgresError(kind: .server, message: message)
        }
        return PostgresError(
            kind: .server, message: field("M") ?? "unknown error", sqlState: sqlState, detail: field("D"), hint: field("H"),
            constraint: field("n"), severity: field("V") ?? field("S"))
    }

    /// Leaves COPY mode by refusing to send data (COPY FROM) or reading and dropping it (COPY TO).
    private func abandonCopy(_ connection: OpaquePointer) {
        _ = PQputCopyEnd(connection, "COPY is not supported by PostgresClient")
        var buffer: UnsafeMutablePointer<CChar>?
        while PQgetCopyData(connection, &buffer, 0) > 0 {
            PQfreemem(buffer)
            buffer = nil
        }
        while let next = PQgetResult(connection) { PQclear(next) }
    }

    private static func copy(_ result: OpaquePointer) -> PostgresResult {
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { index in
            PostgresColumn(name: text(PQfname(result, Int32(index))), typeOID: PQftype(result, Int32(index)))
        }
        let rows = (0..<Int(PQntuples(result))).map { row in
            let values = (0..<columnCount).map { column -> String? in
                let (r, c) = (Int32(row), Int32(column))
                guard PQgetisnull(result, r, c) == 0, let bytes = PQgetvalue(result, r, c) else { return nil }
                let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(PQgetlength(result, r, c)))
                return String(decoding: buffer, as: UTF8.self)
            }
            return PostgresRow(columns: columns, values: values)
        }
        let affected = text(PQcmdTuples(result))
        return PostgresResult(columns: columns, rows: rows, command: text(PQcmdStatus(result)), affectedRows: Int(affected))
    }

    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        var text = String(cString: pointer)
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String { text(UnsafePointer(pointer)) }

    /// `text` with every secret replaced by `***` (the longest first).
    static func redact(_ text: String, _ secrets: [String]) -> String {
        secrets.reduce(text) { text, secret in secret.isEmpty ? text : text.replacing(secret, with: "***") }
    }
}

@available(*, unavailable, message: "a PostgresConnection is used by one thread at a time")
extension PostgresConnection: Sendable {}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    withOptionalCStringArray(strings.map(Optional.some), body)
}

/// Calls `body` with an array of C strings, NULL for nil, and a NULL after the last. The strings
/// are copied into one buffer, each with its terminating NUL, valid only during `body`.
private func withOptionalCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    var storage: [CChar] = [0]  // never empty, so its buffer has a base address
    let offsets = strings.map { string -> Int? in
        guard let string else { return nil }
        let offset = storage.count
        storage.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
        storage.append(0)
        return offset
    }
    return storage.withUnsafeBufferPointer { bytes in
        let pointers = offsets.map { offset in offset.flatMap { offset in bytes.baseAddress.map { $0 + offset } } } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
