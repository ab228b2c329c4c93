import Foundation
import PostgresClient
import StoreTestSupport
import Testing

/// The throwaway server of `sudo scripts/pg-up`, as its env file describes it; each test gets
/// its own schema in the server's database (dropped at the end), so tests run in parallel.
struct TestDatabase {
    static let skipReason: Comment = "needs the test PostgreSQL: run `sudo scripts/pg-up` first (and the tests as root)"

    static let server = TestServer.current

    static var available: Bool { server != nil }

    /// The schema this test's connections use (their `search_path`).
    let schema: String
    /// A URL whose connections see only this test's schema.
    let url: String

    init() throws {
        guard let server = Self.server else { throw TestFailure("the test PostgreSQL is not up") }
        schema = "store_test_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        url = "\(server.url)?passfile=\(server.passfile)&options=-csearch_path%3D\(schema)"
        try connect().execute("CREATE SCHEMA \(schema)")
    }

    func connect() throws -> PostgresConnection { try PostgresConnection(url: url) }

    /// Drops the schema and everything in it.
    func drop() {
        _ = try? connect().execute("DROP SCHEMA \(schema) CASCADE")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The SQLSTATE of what `body` throws, or nil when it throws no PostgresError.
func sqlState(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return "no error"
    } catch let error as PostgresError {
        return error.sqlState
    } catch {
        return nil
    }
}
