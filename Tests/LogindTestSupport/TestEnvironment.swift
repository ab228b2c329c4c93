import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real elogind that `sudo scripts/logind-up` starts on a private system bus, as its
/// `/run/stationkeeper-test/env` file describes it. The live tests run only when that file is
/// there and the tests run as root (the PAM helper opens sessions for other users).
public struct TestEnvironment: Sendable {
    public static let file = "/run/stationkeeper-test/env"
    public static let skipReason: Comment = "needs the test elogind: run `sudo scripts/logind-up` first (and the tests as root)"

    /// The private system bus (`DBUS_SYSTEM_BUS_ADDRESS`).
    public var busAddress: String
    /// The PAM session helper: `pam-session SERVICE USER [VAR=value…] -- CMD ARGS`.
    public var pamSession: String
    public var pamService: String
    public var loginctl: String?
    /// Test users that exist and may sign in (skpupil1…).
    public var users: [String]

    /// The environment when it is up and usable, else nil.
    public static let current: TestEnvironment? = {
        guard geteuid() == 0, let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let address = values["DBUS_SYSTEM_BUS_ADDRESS"], let helper = values["STATIONKEEPER_PAM_SESSION"],
            let service = values["STATIONKEEPER_PAM_SERVICE"], let users = values["STATIONKEEPER_TEST_USERS"]
        else { return nil }
        return TestEnvironment(
            busAddress: address, pamSession: helper, pamService: service, loginctl: values["STATIONKEEPER_LOGINCTL"],
            users: users.split(separator: " ").map(String.init))
    }()

    public static var available: Bool { current != nil }

    /// The environment of a live test (only called when `available`).
    public static func require() throws -> TestEnvironment {
        guard let current else { throw TestFailure("the test elogind is not up: \(skipReason)") }
        return current
    }

    /// The `index`-th test user (0-based).
    public func user(_ index: Int) throws -> String {
        guard users.indices.contains(index) else {
            throw TestFailure("\(Self.file) lists \(users.count) test users, the test needs \(index + 1)")
        }
        return users[index]
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
