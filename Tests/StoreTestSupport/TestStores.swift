import Foundation
import PostgresClient
import SessionStore
import Testing

/// Which store the tests run on, so that one suite checks both (the conformance pass).
///
/// `scripts/test` runs every test on SQLite, then the store, engine, policy, daemon and CLI suites
/// again with `STATIONKEEPER_TEST_STORE=postgresql`: each store those tests make is then a fresh
/// schema of the test PostgreSQL (`scripts/pg-up`), and each `stationctl` they run gets its URL.
///
/// ```swift
/// let store = try TestStores.fresh()                           // in memory, or a fresh schema
/// let location = try TestStores.location(sqlite: folder + "/state.db")   // for --store
/// ```
public enum TestStores {
    /// Whether this pass runs on PostgreSQL.
    public static let onPostgres = ProcessInfo.processInfo.environment["STATIONKEEPER_TEST_STORE"] == "postgresql"

    /// For a test of SQLite itself (its file, its pragmas): it does not run in the PostgreSQL pass.
    public static let sqliteOnly = ConditionTrait.disabled(if: onPostgres, "a test of the SQLite file itself")

    /// A new empty store: in memory on SQLite, a fresh schema on PostgreSQL.
    public static func fresh() throws -> SessionStore {
        onPostgres ? try SessionStore(url: freshSchemaURL()) : try SessionStore()
    }

    /// Where a test's store is: `sqlite` itself, or a fresh schema's URL on PostgreSQL.
    public static func location(sqlite path: String) throws -> String {
        onPostgres ? try freshSchemaURL() : path
    }

    /// The URL of a new, empty schema of the test server (its connections see only that schema).
    /// The schemas go with the throwaway cluster (`scripts/pg-down`).
    public static func freshSchemaURL() throws -> String {
        guard let server = TestServer.current else {
            throw TestStoreError(
                "STATIONKEEPER_TEST_STORE=postgresql needs the test PostgreSQL: run `scripts/pg-up` as root (it writes \(TestServer.file))")
        }
        let schema = "t\(getpid())_\(UInt64.random(in: 0...UInt64.max))"
        let connection = try PostgresConnection(url: server.url + "?passfile=" + server.passfile)
        try connection.execute("CREATE SCHEMA \(schema)")
        connection.close()
        return "\(server.url)?passfile=\(server.passfile)&options=-csearch_path%3D\(schema)"
    }
}

/// The throwaway server `scripts/pg-up` started, as its env file describes it.
public enum TestServer {
    public static let file = "/run/stationkeeper-test-pg/env"

    /// Its URL, its password file, and the folder of its programs (`psql`).
    public static let current: (url: String, passfile: String, bin: String)? = {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let url = values["STATIONKEEPER_TEST_PG_URL"], let passfile = values["PGPASSFILE"],
            FileManager.default.isReadableFile(atPath: passfile)
        else { return nil }
        return (url, passfile, values["STATIONKEEPER_TEST_PG_BIN"] ?? "/usr/bin")
    }()
}

public struct TestStoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
