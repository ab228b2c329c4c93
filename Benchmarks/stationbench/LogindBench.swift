import Foundation
import GRDB
import Logind
import SessionEngine

#if canImport(Glibc)
import Glibc
#endif

/// Issue 12 against the real elogind of `scripts/logind-up`: how long a logind change takes to
/// become a committed transition, and reconciling 500 logind sessions when the daemon starts.
/// Skipped (no figure) without that elogind or when not root.
func logindFigures(changes: Int, sessions: Int) throws -> ([Figure], [String]) {
    guard getuid() == 0, let env = readTestEnvironment() else {
        return ([], ["  skipped: needs root and the test elogind (sudo scripts/logind-up)"])
    }
    let stationctl = try stationctlBinary()
    let folder = try makeTemporaryFolder("logind")
    let configPath = folder + "/stationkeeper.lua"
    let storePath = folder + "/state.db"
    try write("computer \"HOST\" { seats = \"logind\", remote_stations = \(sessions + 1) }\n", to: configPath)
    let environment = ["DBUS_SYSTEM_BUS_ADDRESS": env.bus, "STATIONKEEPER_LOGIND_POWER": "skip"]
    var lines: [String] = []

    // Reconciling: `sessions` remote desktops of as many users, open before the daemon's first start.
    let users = (1...sessions).map { String(format: "skbench%03d", $0) }
    try createUsers(users)
    var helpers: [pid_t] = []
    defer { for pid in helpers { kill(pid, SIGTERM) } }
    for (index, user) in users.enumerated() {
        helpers.append(try openRemoteSession(user, host: "198.51.100.\(index % 250 + 1)", env: env))
    }
    let t0 = monotonic()
    let first = try runChild([stationctl, "serve", "--once", "--config", configPath, "--store", storePath], environment: environment)
    let reconcile = monotonic() - t0
    guard first.status == 0 else { throw BenchError("serve --once with \(sessions) logind sessions exited \(first.status)") }
    let signedIn = try DatabaseQueue(path: storePath).read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM session WHERE computer = 'HOST' AND user LIKE 'skbench%'") ?? 0
    }
    lines.append(
        String(format: "  reconcile: %d logind sessions, %d signed in, serve --once %.2f s (a cold process)", sessions, signedIn, reconcile)
    )

    // Latency: the daemon runs; a locker toggles one session's LockedHint `changes` times.
    let bus = try LogindBus(address: env.bus)
    let target = try bus.sessions().first { $0.user == users[0] }
    guard let target else { throw BenchError("logind has no session of \(users[0])") }
    let daemon = try startDaemon(stationctl, config: configPath, store: storePath, environment: environment)
    defer {
        daemon.terminate()
        daemon.waitUntilExit()
    }
    Thread.sleep(forTimeInterval: 1.5)  // connected and reconciled
    let store = try DatabaseQueue(
        path: storePath,
        configuration: {
            var c = Configuration()
            c.readonly = true
            return c
        }())
    var latencies: [Double] = []
    for change in 0..<changes {
        let locking = change % 2 == 0
        let before = try store.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) FROM journal") ?? 0 }
        let start = monotonic()
        try bus.setLockedHint(session: target.id, locking)
        let wanted = locking ? "locked" : "unlocked"
        while monotonic() - start < 2 {
            let seen = try store.read { db in
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM journal WHERE seq > ? AND event = ?)", arguments: [before, wanted])
                    ?? false
            }
            if seen { break }
            usleep(200)
        }
        latencies.append((monotonic() - start) * 1000)
    }
    lines.append(
        String(
            format: "  latency: %d LockedHint changes, p50 %.1f ms, p99 %.1f ms, max %.1f ms", changes, median(latencies),
            percentile(latencies, 0.99), latencies.max() ?? 0))
    var latency = Figure(
        id: "logind_latency", name: "logind change → committed transition (LockedHint → locked/unlocked, daemon running)",
        unit: "ms", value: percentile(latencies, 0.99), baseline: nil, kind: .limit(100), target: "p99 ≤ 100 ms",
        notes: "\(changes) SetLockedHint calls on one session through the real elogind; p50 \(String(format: "%.1f", median(latencies))) ms"
    )
    latency.samples = ["latency_ms": latencies]
    let reconciled = Figure(
        id: "logind_reconcile", name: "reconciling \(sessions) logind sessions at start (serve --once, cold process)", unit: "s",
        value: signedIn == sessions ? reconcile : .infinity, baseline: nil, kind: .limit(1), target: "≤ 1 s",
        notes: "\(signedIn) of \(sessions) remote desktops signed in by one serve --once")
    return ([latency, reconciled], lines)
}

/// The bus and PAM helper `scripts/logind-up` wrote in /run/stationkeeper-test/env.
private func readTestEnvironment() -> (bus: String, helper: String, service: String)? {
    guard let text = try? String(contentsOfFile: "/run/stationkeeper-test/env", encoding: .utf8) else { return nil }
    var values: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        values[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    guard let bus = values["DBUS_SYSTEM_BUS_ADDRESS"], let helper = values["STATIONKEEPER_PAM_SESSION"],
        let service = values["STATIONKEEPER_PAM_SERVICE"]
    else { return nil }
    return (bus, helper, service)
}

/// Users without a home or a shell, made once and kept (`userdel skbenchNNN` removes them).
private func createUsers(_ users: [String]) throws {
    for user in users where getpwnam(user) == nil {
        let made = try runChild(["/usr/sbin/useradd", "-M", "-N", "-s", "/usr/sbin/nologin", user])
        guard made.status == 0 else { throw BenchError("useradd \(user) exited \(made.status)") }
    }
}

/// A remote desktop's logind session held open by the PAM helper; its pid. Waits for the session.
private func openRemoteSession(_ user: String, host: String, env: (bus: String, helper: String, service: String)) throws -> pid_t {
    let helper = Process()
    helper.executableURL = URL(fileURLWithPath: env.helper)
    helper.arguments = [
        env.service, user, "PAM_RHOST=\(host)", "XDG_SESSION_TYPE=x11", "XDG_SESSION_CLASS=user", "--", "/bin/sleep", "3600",
    ]
    helper.environment = ["DBUS_SYSTEM_BUS_ADDRESS": env.bus, "PATH": "/usr/bin:/bin"]
    let out = Pipe()
    helper.standardOutput = out
    helper.standardError = FileHandle.nullDevice
    try helper.run()
    var line = Data()
    while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte.first != UInt8(ascii: "\n") {
        line.append(byte)
    }
    guard String(decoding: line, as: UTF8.self).hasPrefix("XDG_SESSION_ID=") else {
        throw BenchError("the PAM helper opened no logind session for \(user)")
    }
    return helper.processIdentifier
}
