import Foundation
import LogindTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `stationctl dashboard` as a process: its refusals, and HTTPS with a real certificate, an API
/// token and the journal's actor, checked with curl and stationctl.
@Suite struct DashboardCommandTests {
    @Test(arguments: [
        (["--listen", "somewhere"], "--listen must be HOST:PORT or PORT"),
        (["--listen", "127.0.0.1:99999"], "--listen must be HOST:PORT or PORT"),
        (["--tls-cert", "cert.pem"], "--tls-cert and --tls-key go together"),
    ])
    func badOptionsAreRefusedWithUsage(_ arguments: [String], _ message: String) throws {
        let lab = try Lab()
        let result = try lab.run(["dashboard"] + arguments)
        #expect(result.status == 64)
        #expect(result.err.contains(message), "\(result.err)")
    }

    @Test func anUnreadableCertificateIsOneLineAndExitOne() throws {
        let lab = try Lab()
        let result = try lab.run(["dashboard", "--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"])
        #expect(result.status == 1)
        #expect(result.err.contains("cannot read /nonexistent/cert.pem"), "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1)
    }

    @Test func itServesHTTPSWithSecureCookiesAndJournalsTheAccount() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try #require(try lab.run(["admins", "add", "rivera", "--role", "admin"], input: "long enough password\n").status == 0)
        let token = try lab.ok("admins", "token", "rivera").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let cert = lab.folder.appendingPathComponent("cert.pem").path
        let key = lab.folder.appendingPathComponent("key.pem").path
        let made = try Lab.execute(
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"],
            in: lab.folder, environment: ProcessInfo.processInfo.environment, executable: URL(fileURLWithPath: "/usr/bin/openssl"))
        try #require(made.status == 0, "openssl: \(made.err)")
        let port = try Self.freeLoopbackPort()
        let server = try Child(
            Lab.binary.path,
            [
                "dashboard", "--listen", "127.0.0.1:\(port)", "--tls-cert", cert, "--tls-key", key, "--config", lab.config.path,
                "--store", lab.storeLocation,
            ])
        defer { server.stop() }
        let base = "https://127.0.0.1:\(port)"
        var login = Lab.Result(status: -1, out: "", err: "")
        for _ in 0..<100 {
            login = try curl(["-i", "--data", "name=rivera&password=long+enough+password", "\(base)/login"], in: lab)
            if login.status == 0 { break }
            usleep(100_000)
        }
        #expect(login.status == 0, "\(login.err)")
        let cookie = login.out.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie:") }.map(String.init) ?? ""
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure"), "\(cookie)")
        // Plain HTTP to the TLS port is not served.
        #expect(try curl(["http://127.0.0.1:\(port)/login"], in: lab).status != 0)

        let answer = try curl(
            [
                "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json", "--data",
                #"{"verb": "lock", "target": "alice@LAB-1", "reason": "from a script"}"#, "\(base)/api/v1/actions",
            ], in: lab)
        #expect(answer.out.contains(#""event": "locked""#), "\(answer.out)")
        let last = try #require(try lab.ok("journal", "--json", "--limit", "1").jsonArray().last)
        #expect(last["actor"] as? String == "admin:rivera")
        #expect(last["reason"] as? String == "from a script")
        #expect(try lab.ok("sessions", "--json").jsonArray().first?["state"] as? String == "locked")
    }

    @Test func itShowsTheRunningDaemonAndReloadsItsPolicies() throws {
        let lab = try Lab()
        try #require(try lab.run(["admins", "add", "rivera", "--role", "admin"], input: "long enough password\n").status == 0)
        let token = try lab.ok("admins", "token", "rivera").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try Self.freeLoopbackPort()
        let server = try Child(
            Lab.binary.path, ["dashboard", "--listen", "127.0.0.1:\(port)", "--config", lab.config.path, "--store", lab.storeLocation])
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"
        var health: [String: Any] = [:]
        try waitFor {
            let answer = try curl(["-H", "Authorization: Bearer \(token)", "\(base)/api/v1/health"], in: lab)
            health = (try? JSONSerialization.jsonObject(with: Data(answer.out.utf8)) as? [String: Any]) ?? [:]
            return !health.isEmpty
        }
        #expect((health["daemon"] as? [String: Any])?["running"] as? Bool == false)

        let (daemon, log) = try lab.startDaemon()
        defer { Lab.stop(daemon) }
        try waitFor {
            let answer = try curl(["-H", "Authorization: Bearer \(token)", "\(base)/api/v1/health"], in: lab)
            let running = (try? JSONSerialization.jsonObject(with: Data(answer.out.utf8)) as? [String: Any])?["daemon"] as? [String: Any]
            return running?["pid"] as? Int == Int(daemon.processIdentifier)
        }
        // Signed in as a browser: the policies page offers the reload, with its CSRF token.
        let jar = lab.folder.appendingPathComponent("cookies").path
        _ = try curl(["-c", jar, "--data", "name=rivera&password=long+enough+password", "\(base)/login"], in: lab)
        let page = try curl(["-b", jar, "\(base)/policies"], in: lab).out
        #expect(page.contains("running (pid \(daemon.processIdentifier))"))
        let csrf = try #require(page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) })
        let reload = try curl(
            ["-b", jar, "-o", "/dev/null", "-w", "%{http_code}", "--data", "csrf=\(csrf)", "\(base)/policies/reload"], in: lab)
        #expect(reload.out == "303")
        try waitFor { (try? String(contentsOf: log, encoding: .utf8))?.contains("reloaded the config") == true }
    }

    private func curl(_ arguments: [String], in lab: Lab) throws -> Lab.Result {
        try Lab.execute(
            ["-sk", "--max-time", "5"] + arguments, in: lab.folder, environment: ProcessInfo.processInfo.environment,
            executable: URL(fileURLWithPath: "/usr/bin/curl"))
    }

    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
