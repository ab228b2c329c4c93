import Foundation
import StoreTestSupport
import Testing

/// `stationctl migrate-store` against the test PostgreSQL of `sudo scripts/pg-up` (skipped, saying
/// so, when it is not up). Each test copies into its own schema, made and dropped with psql.
@Suite(.enabled(if: PostgresTarget.server != nil, "needs the test PostgreSQL: run `sudo scripts/pg-up` first (and the tests as root)"))
struct MigrateStoreTests {
    @Test(TestStores.sqliteOnly) func copiesAStoreOnceAndRefusesASecondCopy() throws {
        let target = try PostgresTarget()
        defer { target.drop() }
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        try lab.ok("suspend", "bob@LAB-1")
        try lab.ok("block", "LAB-2/front", "--message", "broken")
        try lab.ok("end", "alice@LAB-1")
        let events = try lab.ok("journal", "--json").jsonArray().count

        let copy = try lab.run("migrate-store", "--from", lab.store.path, "--to", target.url, plain: true)
        #expect(copy.status == 0, "\(copy.err)")
        #expect(copy.out.contains("journal up to seq \(events)"))
        #expect(copy.out.contains(try Regex("journal +\(events) rows")))
        #expect(copy.out.contains(/computer +2 rows/))
        #expect(copy.out.contains(/session +1 row\n/))
        #expect(
            try target.query("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM journal")
                == (1...events).map(String.init).joined(separator: ","))
        #expect(try target.query("SELECT \"user\" || ' ' || state FROM session") == "bob suspended")

        let again = try lab.run("migrate-store", "--from", lab.store.path, "--to", target.url, plain: true)
        #expect(again.status == 5)
        #expect(again.err.contains("already has data (computer: 2 rows"))
        #expect(again.err.split(separator: "\n").count == 1)
        #expect(try target.query("SELECT count(*) FROM journal") == "\(events)")
    }

    @Test(TestStores.sqliteOnly) func aBadURLAnUnreachableServerAndAMissingStoreAreOneLineErrors() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let notURL = try lab.run("migrate-store", "--from", lab.store.path, "--to", "/var/lib/district.db", plain: true)
        #expect(notURL.status == 64)
        #expect(notURL.err.contains("--to must be a PostgreSQL URL"))

        let secret = "s3cret-\(UUID().uuidString)"
        let unreachable = try lab.run(
            "migrate-store", "--from", lab.store.path, "--to", "postgresql://district:\(secret)@127.0.0.1:1/district?connect_timeout=2",
            plain: true)
        #expect(unreachable.status == 5)
        #expect(unreachable.err.hasPrefix("stationctl: error: the PostgreSQL store: cannot connect to district@127.0.0.1:1/district"))
        #expect(unreachable.err.split(separator: "\n").count == 1)
        #expect(!unreachable.err.contains(secret) && !unreachable.out.contains(secret))

        let missing = try lab.run(
            "migrate-store", "--from", lab.folder.appendingPathComponent("none.db").path, "--to", "postgresql://x@127.0.0.1:1/x",
            plain: true)
        #expect(missing.status == 5)
        #expect(missing.err.contains("there is no store at"))
        #expect(!FileManager.default.fileExists(atPath: lab.folder.appendingPathComponent("none.db").path))
    }
}

/// A schema of its own in the test server's database, through psql (these tests only run the binary).
struct PostgresTarget {
    static let server = TestServer.current

    let schema = "cli_test_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    let base: String
    let passfile: String
    let psql: String
    var url: String { "\(base)?passfile=\(passfile)&options=-csearch_path%3D\(schema)" }

    init() throws {
        guard let server = Self.server else { throw HarnessError("the test PostgreSQL is not up") }
        base = server.url
        passfile = server.passfile
        psql = server.bin + "/psql"
        _ = try query("CREATE SCHEMA \(schema)")
    }

    /// Runs `sql` with psql and returns its one value (unaligned, tuples only).
    @discardableResult
    func query(_ sql: String) throws -> String {
        let result = try Lab.execute(
            [url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], in: FileManager.default.temporaryDirectory,
            environment: ["PGPASSFILE": passfile, "PATH": "/usr/bin:/bin"], executable: URL(fileURLWithPath: psql))
        guard result.status == 0 else { throw HarnessError("psql \(sql): \(result.err)") }
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func drop() { _ = try? query("DROP SCHEMA \(schema) CASCADE") }
}
