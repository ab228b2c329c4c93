import Foundation
import LogindTestSupport
import Testing

/// `seats = "logind"` against a real elogind (started by `scripts/logind-up`, as `.ci/run` does):
/// sessions opened through PAM as a display manager opens them, both sides asserted.
@Suite(.serialized, .enabled(if: LogindMachine.available, "needs root and a real logind: run `sudo scripts/logind-up` first"))
struct LogindDaemonTests {
    static let config = """
        computer "HOST" { seats = "logind", remote_stations = 2 }
        computer "LAB-2" { stations = 2 }
        """

    @Test func aRemoteSessionIsSignedInAndEndingItTerminatesItOnTheMachine() throws {
        let machine = try LogindMachine()
        let lab = try Lab(config: Self.config)
        let session = try machine.open(user(0), remoteHost: "192.0.2.10")
        defer { session.end(through: nil) }
        try machine.serveOnce(lab)
        let signedIn = try lab.ok("sessions", "--json").jsonArray().filter { $0["user"] as? String == user(0) }
        #expect(signedIn.map { $0["station"] as? String } == ["HOST/remote-1"])
        let journal = try lab.ok("journal", "--json").jsonArray()
        #expect(journal.contains { $0["event"] as? String == "signed_in" && $0["reason"] as? String == "logind" })

        try lab.ok("end", "\(user(0))@HOST")
        try machine.serveOnce(lab)
        let report = try lab.ok("journal", "--json").jsonArray().last { $0["event"] as? String == "os_action" }
        #expect(report?["detail"] as? String == "TerminateSession \(session.id): done")
        #expect(try !machine.sessionIDs().contains(session.id), "the session is gone from logind after stationctl end")
    }

    @Test func blockingTheStationOfASessionLocksItAndTellsItsUserWhy() throws {
        let machine = try LogindMachine()
        let lab = try Lab(config: Self.config)
        let session = try machine.open(user(0), remoteHost: "192.0.2.13")
        defer { session.end(through: nil) }
        try machine.serveOnce(lab)
        let station = try #require(try Self.station(of: user(0), in: lab))
        try lab.ok("block", station, "--message", "Exam in progress")
        try machine.serveOnce(lab)
        let journal = try lab.ok("journal", "--json").jsonArray()
        #expect(journal.contains { $0["event"] as? String == "os_action" && $0["detail"] as? String == "LockSession \(session.id): done" })
        let told = journal.last { $0["event"] as? String == "message_sent" }
        #expect(told?["detail"] as? String == "Exam in progress" && told?["reason"] as? String == "logind")
    }

    @Test func aSessionThatWentWhileTheDaemonWasDownEnds() throws {
        let machine = try LogindMachine()
        let lab = try Lab(config: Self.config)
        let session = try machine.open(user(0), remoteHost: "192.0.2.11")
        try machine.serveOnce(lab)
        #expect(try lab.ok("sessions", "--json").jsonArray().contains { $0["user"] as? String == user(0) })
        session.end(through: nil)
        try machine.waitUntilGone(session.id)
        try machine.serveOnce(lab)
        #expect(try !lab.ok("sessions", "--json").jsonArray().contains { $0["user"] as? String == user(0) })
        let ended = try lab.ok("journal", "--json").jsonArray().last { $0["event"] as? String == "ended" }
        #expect(ended?["reason"] as? String == "logind" || (ended?["reason"] as? String)?.hasPrefix("logind:") == true)
    }

    @Test func theDaemonFollowsLockHintsAndCarriesOutAnAdminsLock() throws {
        let machine = try LogindMachine()
        let lab = try Lab(config: Self.config)
        let (daemon, log) = try machine.startDaemon(lab)
        defer { Lab.stop(daemon) }
        let session = try machine.open(user(1), remoteHost: "192.0.2.12")
        defer { session.end(through: nil) }
        try waitFor { try lab.ok("sessions", "--json").jsonArray().contains { $0["user"] as? String == user(1) } }

        // A screen locker sets the locked hint: the session is locked in the store.
        try machine.setLockedHint(session.id, true)
        try waitFor { try Self.state(of: user(1), in: lab) == "locked" }
        try machine.setLockedHint(session.id, false)
        try waitFor { try Self.state(of: user(1), in: lab) == "active" }

        // An admin locks it: logind is asked to (LockSession), and the call is journaled.
        try lab.ok("lock", "\(user(1))@HOST")
        try waitFor {
            try lab.ok("journal", "--json").jsonArray().contains {
                $0["event"] as? String == "os_action" && $0["detail"] as? String == "LockSession \(session.id): done"
            }
        }
        // Suspending is refused on a computer that follows logind, with the reason.
        let suspend = try lab.run("suspend", "\(user(1))@HOST")
        #expect(suspend.status == 3 && suspend.err.contains("follows logind"), "\(suspend.err)")
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(!logged.contains(" error "), "\(logged)")
    }

    @Test func userSwitchingOnASeatSuspendsOneSessionAndReconnectsTheOther() throws {
        let machine = try LogindMachine()
        let lab = try Lab(config: Self.config)
        let (daemon, _) = try machine.startDaemon(lab)
        defer { Lab.stop(daemon) }
        let first = try machine.openOnSeat0(user(2), vt: 11)
        defer { first.end(through: nil) }
        try machine.loginctl("activate", first.id)
        try waitFor { try Self.state(of: user(2), in: lab) == "active" }
        #expect(try Self.station(of: user(2), in: lab) == "HOST/seat0")

        // A second user signs in on the same seat (the greeter's "switch user"): the first stays
        // alive in the background, which is a disconnect; switching back reconnects.
        let second = try machine.openOnSeat0(user(3), vt: 12)
        defer { second.end(through: nil) }
        try machine.loginctl("activate", second.id)
        try waitFor { try Self.state(of: user(2), in: lab) == "suspended" && Self.state(of: user(3), in: lab) == "active" }
        #expect(try Self.station(of: user(3), in: lab) == "HOST/seat0")
        try machine.loginctl("activate", first.id)
        try waitFor { try Self.state(of: user(2), in: lab) == "active" && Self.state(of: user(3), in: lab) == "suspended" }
        let reasons = try lab.ok("journal", "--json").jsonArray().filter { $0["user"] as? String == user(2) }.map {
            "\($0["event"] ?? "") \($0["actor"] ?? "") \($0["reason"] ?? "")"
        }
        #expect(reasons == ["signed_in user logind", "suspended user logind", "reconnected user logind"])
    }

    /// The daemon's test users (the Logind module's tests, which run at the same time, use the first four).
    func user(_ index: Int) -> String {
        let users = TestEnvironment.current?.users ?? []
        return users.indices.contains(4 + index) ? users[4 + index] : "skpupil\(5 + index)"
    }

    static func station(of user: String, in lab: Lab) throws -> String? {
        try lab.ok("sessions", "--json").jsonArray().first { $0["user"] as? String == user }?["station"] as? String
    }

    static func state(of user: String, in lab: Lab) throws -> String? {
        try lab.ok("sessions", "--json").jsonArray().first { $0["user"] as? String == user }?["state"] as? String
    }
}

/// The logind `scripts/logind-up` started (``LogindTestSupport/TestEnvironment``), sessions
/// opened on it through PAM, and `stationctl` pointed at it.
struct LogindMachine {
    static var available: Bool { TestEnvironment.available }

    let test: TestEnvironment

    init() throws { test = try TestEnvironment.require() }

    /// What `stationctl` needs to reach it; power calls are journaled, not made (this is a test machine).
    var environment: [String: String] {
        ["DBUS_SYSTEM_BUS_ADDRESS": test.busAddress, "STATIONKEEPER_LOGIND_POWER": "skip"]
    }

    /// A remote graphical session for `user` (as xrdp's sesman opens one).
    func open(_ user: String, remoteHost: String) throws -> PamSession {
        try PamSession(user: user, ["PAM_RHOST=\(remoteHost)", "XDG_SESSION_TYPE=x11", "XDG_SESSION_CLASS=user"], in: test)
    }

    /// A console session on seat0, at virtual terminal `vt` (a display manager's, as a tty).
    func openOnSeat0(_ user: String, vt: Int) throws -> PamSession {
        try PamSession(
            user: user, ["PAM_TTY=tty\(vt)", "XDG_SEAT=seat0", "XDG_VTNR=\(vt)", "XDG_SESSION_TYPE=tty", "XDG_SESSION_CLASS=user"],
            in: test)
    }

    /// logind's session ids, from `loginctl list-sessions`.
    func sessionIDs() throws -> [String] {
        try loginctl("list-sessions", "--no-legend").split(separator: "\n").compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
    }

    func waitUntilGone(_ id: String) throws {
        try waitFor { try !sessionIDs().contains(id) }
    }

    func setLockedHint(_ id: String, _ locked: Bool) throws {
        let result = try Lab.execute(
            [
                "--address=\(test.busAddress)", "call", "org.freedesktop.login1", "/org/freedesktop/login1/session/\(id)",
                "org.freedesktop.login1.Session", "SetLockedHint", "b", locked ? "true" : "false",
            ], in: URL(fileURLWithPath: "/"), environment: ProcessInfo.processInfo.environment,
            executable: URL(fileURLWithPath: "/usr/bin/busctl"))
        guard result.status == 0 else { throw HarnessError("busctl SetLockedHint \(id): \(result.err)") }
    }

    @discardableResult
    func loginctl(_ arguments: String...) throws -> String {
        let result = try Lab.execute(
            arguments, in: URL(fileURLWithPath: "/"), environment: ProcessInfo.processInfo.environment,
            executable: URL(fileURLWithPath: test.loginctl ?? "/usr/bin/loginctl"))
        guard result.status == 0 else { throw HarnessError("loginctl \(arguments.joined(separator: " ")): \(result.err)") }
        return result.out
    }

    func serveOnce(_ lab: Lab) throws {
        let result = try lab.run("serve", "--once", environment: environment)
        guard result.status == 0 else { throw HarnessError("serve --once exited \(result.status): \(result.err)") }
    }

    func startDaemon(_ lab: Lab) throws -> (process: Process, log: URL) {
        let log = lab.folder.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let daemon = Process()
        daemon.executableURL = Lab.binary
        daemon.arguments = ["serve", "--config", lab.config.path, "--store", lab.store.path]
        daemon.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        daemon.standardError = try FileHandle(forWritingTo: log)
        try daemon.run()
        return (daemon, log)
    }
}
