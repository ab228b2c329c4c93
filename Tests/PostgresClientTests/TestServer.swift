import Foundation
import PostgresClient
import Testing

/// The throwaway server that `sudo scripts/pg-up` starts, as its `/run/stationkeeper-test-pg/env`
/// file describes it. The live tests run only when that file and its password file are readable.
struct TestServer: Sendable {
    static let file = "/run/stationkeeper-test-pg/env"
    static let skipReason: Comment = "needs the test PostgreSQL: run `sudo scripts/pg-up` first (and the tests as root)"

    /// `postgresql://stationkeeper_test@127.0.0.1:PORT/stationkeeper_test`, no password in it.
    var url: String
    /// The pgpass file with the password (mode 600, root's).
    var passfile: String
    /// The password, read from the pgpass file (for the tests that put it in a URL).
    var password: String

    static let current: TestServer? = {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let url = values["STATIONKEEPER_TEST_PG_URL"], let passfile = values["PGPASSFILE"],
            let line = try? String(contentsOfFile: passfile, encoding: .utf8), let password = line.split(separator: ":").last
        else { return nil }
        return TestServer(url: url, passfile: passfile, password: password.trimmingCharacters(in: .whitespacesAndNewlines))
    }()

    static var available: Bool { current != nil }

    static func require() throws -> TestServer {
        guard let current else { throw TestFailure("the test PostgreSQL is not up: \(skipReason)") }
        return current
    }

    /// The URL with the password file as a parameter (no environment variable to set in a test process).
    var urlWithPassfile: String { "\(url)?passfile=\(passfile)" }

    /// The URL with `password` written in it and no password file.
    func url(password: String) -> String {
        let withPassword = url.replacingOccurrences(of: "://stationkeeper_test@", with: "://stationkeeper_test:\(password)@")
        return "\(withPassword)?passfile=/nonexistent"
    }

    static func connect() throws -> PostgresConnection {
        try PostgresConnection(url: require().urlWithPassfile)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A name no other test (of this run or another) uses: for channels, tables and lock keys.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
}

func uniqueKey() -> Int64 { Int64.random(in: 1_000_000...Int64.max) }
