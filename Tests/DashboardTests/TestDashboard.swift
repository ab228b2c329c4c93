import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import Testing

@testable import Dashboard

/// A dashboard over a temporary config and store, with an admin (`rivera`), a teacher of LAB-1
/// (`dupont`) and an API token for each, driven through Hummingbird's router test client.
final class TestDashboard: @unchecked Sendable {
    let folder: URL
    let store: SessionStore
    let config: StationConfig
    let dashboard: Dashboard
    let adminToken: String
    let teacherToken: String
    static let password = "correct horse battery"

    static let standardConfig = """
        computer "LAB-1" { stations = 4 }
        computer "LAB-2" { stations = { "front", "back" } }
        """

    init(config text: String = TestDashboard.standardConfig, secureCookies: Bool? = nil, policies: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("policies"), withIntermediateDirectories: true)
        for (name, source) in policies { try Data(source.utf8).write(to: folder.appendingPathComponent("policies/\(name).lua")) }
        let configPath = folder.appendingPathComponent("stationkeeper.lua").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
        config = try StationConfig.load(path: configPath, cached: false)
        store = try SessionStore(path: folder.appendingPathComponent("state.db").path)
        _ = try store.syncLayout(try config.loadedLayout())
        // A low bcrypt cost keeps the tests fast; the dashboard verifies any cost.
        let hash = Credentials.hash(password: Self.password, cost: 4)
        try store.addAccount(Account(name: "rivera", role: .admin), passwordHash: hash, at: Date())
        try store.addAccount(Account(name: "dupont", role: .teacher, computers: ["LAB-1"]), passwordHash: hash, at: Date())
        let admin = Credentials.newToken()
        try store.addToken(digest: admin.digest, to: "rivera", at: Date())
        adminToken = admin.token
        let teacher = Credentials.newToken()
        try store.addToken(digest: teacher.digest, to: "dupont", at: Date())
        teacherToken = teacher.token
        dashboard = try Dashboard(
            lab: Lab(config: config, store: store, clock: SystemClock()),
            settings: DashboardSettings(
                host: "127.0.0.1", port: 0, secureCookies: secureCookies, scenarios: folder.appendingPathComponent("scenarios").path))
    }

    deinit {
        dashboard.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    var application: some ApplicationProtocol {
        Application(router: dashboard.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Runs `body` with a router test client.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await application.test(.router, body)
    }

    func signIn(_ user: String, at station: String) throws -> Int64 {
        let outcome = try store.perform(
            .signIn(user: user, station: try StationID(parsing: station)), actor: .user, at: Date())
        return outcome.events.first?.session ?? 0
    }

    func journalCount() throws -> Int { try store.journalCount() }
}

/// The daemon over a test dashboard's store, run pass by pass.
struct TestDaemon {
    let daemon: Daemon

    init(_ lab: TestDashboard) throws {
        let policies = try PolicySet.over(lab.store, config: lab.config, clock: SystemClock(), logger: Logger(label: "test")).resume()
        daemon = Daemon(store: lab.store, policies: policies)
    }

    func runOnce() throws {
        _ = try daemon.runOnce()
    }
}

/// A signed-in browser: its cookie and the CSRF token of its session.
struct Browser: Sendable {
    var cookie: String
    var csrf: String

    var headers: HTTPFields { [.cookie: cookie] }

    func form(_ fields: [(String, String)], withCSRF: Bool = true) -> (HTTPFields, ByteBuffer) {
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let all = (withCSRF ? [("csrf", csrf)] : []) + fields
        return (headers, ByteBuffer(string: Form.encode(all)))
    }
}

enum Form {
    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    static func headers() -> HTTPFields { [.contentType: "application/x-www-form-urlencoded"] }
}

extension TestClientProtocol {
    /// Logs in through the form and returns the browser, its CSRF token read from a page.
    func login(_ name: String, password: String = TestDashboard.password) async throws -> Browser {
        let cookie = try await execute(
            uri: "/login", method: .post, headers: Form.headers(),
            body: ByteBuffer(string: Form.encode([("name", name), ("password", password), ("next", "/")]))
        ) { response -> String in
            #expect(response.status == .seeOther)
            let setCookie = response.headers[.setCookie] ?? ""
            return String(setCookie.split(separator: ";").first ?? "")
        }
        let page = try await execute(uri: "/", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
        let csrf = page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) } ?? ""
        #expect(!csrf.isEmpty, "a signed-in page carries the CSRF token")
        return Browser(cookie: cookie, csrf: csrf)
    }

    func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    /// GET with a token; the body as JSON.
    func getJSON(_ uri: String, token: String) async throws -> (HTTPResponse.Status, Any) {
        try await execute(uri: uri, method: .get, headers: bearer(token)) { response in
            (response.status, try JSONSerialization.jsonObject(with: Data(buffer: response.body), options: [.fragmentsAllowed]))
        }
    }

    func postJSON(_ uri: String, token: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers = bearer(token)
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (response.status, (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:])
        }
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
