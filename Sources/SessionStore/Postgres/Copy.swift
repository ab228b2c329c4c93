import PostgresClient

/// Copying a school's SQLite store into a district's PostgreSQL store (`stationctl migrate-store`);
/// the store itself runs on PostgreSQL through ``SessionStore/init(url:)``.
public enum PostgresStore {
    /// What a copy wrote: rows per table, in the order they were copied.
    public struct CopyReport: Sendable {
        public var rows: [(table: String, rows: Int)]
        /// The highest journal seq copied (0 for an empty journal).
        public var lastSeq: Int64
    }

    /// Connects to the store at `url` (libpq's password rules: the URL, `PGPASSWORD`, `PGPASSFILE`).
    /// - Throws: ``StoreError/Code/badURL``; `PostgresError` when the server cannot be reached.
    public static func connect(_ url: String) throws -> PostgresConnection {
        guard SessionStore.isServerURL(url) else {
            throw StoreError(.badURL, "'\(redacted(url))' is not a PostgreSQL URL: write postgresql://USER@HOST:PORT/DATABASE")
        }
        return try PostgresConnection(url: url)
    }

    /// Copies every table of `store` (journal with its seqs, cursor, timers, policy state, accounts)
    /// into the empty PostgreSQL store at `url`, creating its schema if needed. See ``copy(from:into:)``.
    @discardableResult
    public static func copy(from store: SessionStore, to url: String) throws -> CopyReport {
        try copy(from: store, into: connect(url))
    }

    /// Copies `store` into the store on `connection` in one transaction, after bringing its schema
    /// up to date. The counters are set past what was copied: the next journal event takes the
    /// seq after the last copied one, the next session an id SQLite never handed out.
    ///
    /// - Throws: ``StoreError/Code/notEmpty``, before anything is written (not even the
    ///   schema), when the target holds data; ``StoreError/Code/unknownTable``;
    ///   `StoreError` from reading the SQLite store; `PostgresError`.
    @discardableResult
    public static func copy(from store: SessionStore, into connection: PostgresConnection) throws -> CopyReport {
        if try PostgresSchema.tableExists("schema_migrations", connection) { try refuseData(connection) }
        try PostgresSchema.migrate(connection)
        return try connection.transaction {
            // No one writes while we look and copy: the check and the copy are one.
            let tables = PostgresSchema.dataTables.map { "\"\($0)\"" }.joined(separator: ", ")
            try connection.execute("LOCK TABLE \(tables), journal_seq IN SHARE ROW EXCLUSIVE MODE")
            try refuseData(connection)
            var report = CopyReport(rows: [], lastSeq: 0)
            let summary = try store.export { slice in
                guard PostgresSchema.dataTables.contains(slice.table) else {
                    throw StoreError(
                        .unknownTable,
                        "the SQLite store has a table '\(slice.table)' that the PostgreSQL schema has not: was it made by a newer stationctl? Nothing was copied"
                    )
                }
                try insert(slice, connection)
                if slice.table == "journal", let index = slice.columns.firstIndex(of: "seq"),
                    let last = slice.rows.last, case .integer(let seq) = last[index]
                {
                    report.lastSeq = max(report.lastSeq, seq)
                }
            }
            report.rows = summary.rowCounts
            try setCounters(summary, lastSeq: report.lastSeq, connection)
            return report
        }
    }

    /// Throws ``StoreError/Code/notEmpty`` naming the tables that have rows.
    static func refuseData(_ connection: PostgresConnection) throws {
        var found: [String] = []
        for table in PostgresSchema.dataTables where try PostgresSchema.tableExists(table, connection) {
            let count = try connection.execute("SELECT count(*) FROM \"\(table)\"").single().int64(0) ?? 0
            if count > 0 { found.append("\(table): \(count) row\(count == 1 ? "" : "s")") }
        }
        guard found.isEmpty else {
            throw StoreError(
                .notEmpty,
                "the PostgreSQL store \(connection.target) already has data (\(found.joined(separator: ", "))); migrate-store copies only into an empty store, and nothing was written"
            )
        }
    }

    /// INSERTs of many rows at once (at most 1,000 rows and 30,000 parameters a statement).
    private static func insert(_ slice: ExportedRows, _ connection: PostgresConnection) throws {
        guard !slice.rows.isEmpty, !slice.columns.isEmpty else { return }
        let columns = slice.columns.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: ", ")
        let perStatement = max(1, min(1000, 30000 / slice.columns.count))
        var start = 0
        while start < slice.rows.count {
            let rows = slice.rows[start..<min(start + perStatement, slice.rows.count)]
            var parameters: [PostgresValue] = []
            var tuples: [String] = []
            for row in rows {
                let placeholders = row.map { value in
                    parameters.append(postgresValue(value))
                    return "$\(parameters.count)"
                }
                tuples.append("(\(placeholders.joined(separator: ", ")))")
            }
            try connection.execute(
                "INSERT INTO \"\(slice.table)\" (\(columns)) VALUES \(tuples.joined(separator: ", "))", parameters)
            start += rows.count
        }
    }

    private static func postgresValue(_ value: ExportedValue) -> PostgresValue {
        switch value {
        case .null: return .null
        case .integer(let number): return .int(number)
        case .real(let number): return .double(number)
        case .text(let text): return .text(text)
        }
    }

    /// The journal's counter at the last seq SQLite handed out, the session ids past every id
    /// SQLite handed out (ended sessions are deleted, and the journal still names them).
    private static func setCounters(_ summary: ExportSummary, lastSeq: Int64, _ connection: PostgresConnection) throws {
        let journal = max(lastSeq, summary.highestIDs["journal"] ?? 0)
        try connection.execute("UPDATE journal_seq SET last = GREATEST(last, $1)", [.int(journal)])
        let inTables =
            try connection.execute(
                "SELECT GREATEST((SELECT COALESCE(max(id), 0) FROM session), (SELECT COALESCE(max(session), 0) FROM journal))"
            ).single().int64(0) ?? 0
        let session = max(inTables, summary.highestIDs["session"] ?? 0)
        if session > 0 {
            try connection.execute("SELECT setval(pg_get_serial_sequence('session', 'id'), $1)", [.int(session)])
        }
    }

    /// `url` with any password replaced by `***`, for messages.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return url.replacingCharacters(in: url.index(after: colon)..<at, with: "***")
    }
}
