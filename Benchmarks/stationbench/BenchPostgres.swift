import Foundation
import PostgresClient

/// The PostgreSQL server of the `pg-…` benches, and a schema of a bench's own in it (made
/// empty, dropped by ``drop()``).
///
/// The server is `--postgres URL`, else `STATIONKEEPER_BENCH_PG_URL`, else the test server of
/// `scripts/pg-up` when its env file is there. libpq finds the password as it always does (the
/// URL, `PGPASSWORD`, `PGPASSFILE`; the test server's passfile is added to its URL).
struct BenchPostgres {
    static let testServerFile = "/run/stationkeeper-test-pg/env"

    /// The server's connection string, or `nil` when no server is given or up.
    static func serverURL() -> String? {
        if let url = Options.shared.postgres { return url }
        if let url = ProcessInfo.processInfo.environment["STATIONKEEPER_BENCH_PG_URL"], !url.isEmpty { return url }
        guard let text = try? String(contentsOfFile: testServerFile, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let url = values["STATIONKEEPER_TEST_PG_URL"] else { return nil }
        return values["PGPASSFILE"].map { with(url, "passfile", $0) } ?? url
    }

    /// `user@host:port/db`, never the password.
    static func describe(_ server: String) -> String {
        (try? PostgresConnection(url: server).target) ?? "unreachable"
    }

    /// `url` with one more parameter, in a URL's query or as a `key=value` pair.
    static func with(_ url: String, _ key: String, _ value: String) -> String {
        guard url.contains("://") else { return "\(url) \(key)='\(value)'" }
        return url + (url.contains("?") ? "&" : "?") + "\(key)=\(value)"
    }

    let server: String
    let schema: String
    /// Connections to this URL see only the bench's schema (their `search_path`).
    let url: String

    init(server: String, bench: String) throws {
        self.server = server
        schema = "stationbench_\(bench)_\(getpid())"
        url = Self.with(server, "options", Self.isURL(server) ? "-csearch_path%3D\(schema)" : "-csearch_path=\(schema)")
        let admin = try PostgresConnection(url: server)
        try admin.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        try admin.execute("CREATE SCHEMA \(schema)")
    }

    private static func isURL(_ text: String) -> Bool { text.contains("://") }

    func connect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    /// Drops the schema and everything in it.
    func drop() {
        _ = try? PostgresConnection(url: server).execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }
}
