import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Dashboard

/// Nothing without a session or a token; logins, cookies and their limits.
@Suite struct AccessTests {
    static let pages = [
        "/", "/stations", "/computers/LAB-1", "/sessions/1", "/journal", "/policies", "/simulate",
        "/actions/preview?verb=end_all&target=LAB-1",
    ]
    static let api = [
        "/api/v1/me", "/api/v1/health", "/api/v1/computers", "/api/v1/stations", "/api/v1/sessions", "/api/v1/sessions/1",
        "/api/v1/journal", "/api/v1/policies", "/api/v1/openapi.json", "/api/v1/events", "/events",
    ]
    static let posts = ["/actions/preview", "/actions/run", "/policies/reload", "/logout", "/api/v1/actions"]

    @Test func everyRouteWithoutASessionOrTokenIsRefused() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            for page in Self.pages {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .seeOther, "\(page)")
                    #expect(response.headers[.location] == "/login?next=" + Routing.queryEscaped(page), "\(page)")
                }
            }
            for path in Self.api {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: String]]
                    #expect(body?["error"]?["code"] == "unauthenticated", "\(path)")
                }
            }
            for path in Self.posts where path != "/logout" {
                try await client.execute(
                    uri: path, method: .post, headers: Form.headers(), body: ByteBuffer(string: "verb=end_all&target=LAB-1")
                ) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                }
            }
            // A forged or expired cookie and a wrong token are no better.
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "sk_session=\(String(repeating: "a", count: 64))"]) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/api/v1/computers", method: .get, headers: client.bearer("skt_not-a-token")) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/computers", method: .get, headers: [.authorization: "Basic cml2ZXJhOng="]) {
                #expect($0.status == .badRequest)
                #expect(String(buffer: $0.body).contains("Bearer"))
            }
        }
    }

    /// Every route the router has, found from the router itself, so a new route cannot be missed.
    @Test func everyRouteOfTheRouterIsRefusedWithoutCredentials() async throws {
        let lab = try TestDashboard()
        let routes = lab.dashboard.buildRouter().routes.map { ($0.method, $0.path.description) }
        #expect(routes.count >= 20, "\(routes)")
        try await lab.test { client in
            for (method, path) in routes where !AuthMiddleware.isPublic(path) {
                let uri = path.replacingOccurrences(of: ":name", with: "LAB-1").replacingOccurrences(of: ":id", with: "1")
                    .replacingOccurrences(of: ":ref", with: "1")
                try await client.execute(
                    uri: uri, method: method, headers: Form.headers(), body: ByteBuffer(string: "verb=end_all&target=LAB-1")
                ) {
                    response in
                    let refused =
                        response.status == .unauthorized || (method == .get && response.status == .seeOther && !Routing.isAPI(uri))
                    #expect(refused, "\(method) \(uri) answered \(response.status)")
                }
            }
        }
    }

    @Test func theLoginPageAndAssetsNeedNoSession() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            try await client.execute(uri: "/login?next=/journal", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains(#"<form id="login" method="post" action="/login">"#))
                #expect(page.contains(#"name="next" value="/journal""#))
            }
            try await client.execute(uri: "/assets/dashboard.js", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/assets/dashboard.css", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aLoginSetsAStrictHttpOnlyCookieAndGoesWhereItWasAsked() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            try await client.execute(
                uri: "/login", method: .post, headers: Form.headers(),
                body: ByteBuffer(string: Form.encode([("name", "rivera"), ("password", TestDashboard.password), ("next", "/journal")]))
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/journal")
                let cookie = response.headers[.setCookie] ?? ""
                #expect(cookie.hasPrefix("sk_session="))
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Strict"))
                #expect(!cookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back")
            }
            // `next` pointing elsewhere is not followed.
            try await client.execute(
                uri: "/login", method: .post, headers: Form.headers(),
                body: ByteBuffer(
                    string: Form.encode([("name", "rivera"), ("password", TestDashboard.password), ("next", "//evil.example/")]))
            ) { response in
                #expect(response.headers[.location] == "/")
            }
        }
    }

    @Test func cookiesAreSecureOverTLSOrBehindAProxy() async throws {
        let lab = try TestDashboard(secureCookies: true)
        try await lab.test { client in
            try await client.execute(
                uri: "/login", method: .post, headers: Form.headers(),
                body: ByteBuffer(string: Form.encode([("name", "rivera"), ("password", TestDashboard.password)]))
            ) { response in
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
        }
    }

    @Test func aWrongPasswordOrUnknownNameIsRefusedAlike() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            for (name, password) in [("rivera", "wrong password"), ("nobody", TestDashboard.password)] {
                try await client.execute(
                    uri: "/login", method: .post, headers: Form.headers(),
                    body: ByteBuffer(string: Form.encode([("name", name), ("password", password)]))
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.setCookie] == nil)
                    #expect(String(buffer: response.body).contains("Wrong name or password."))
                }
            }
        }
    }

    @Test func loginAttemptsAreRateLimited() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            for _ in 0..<LoginLimiter.maxFailures {
                try await client.execute(
                    uri: "/login", method: .post, headers: Form.headers(),
                    body: ByteBuffer(string: Form.encode([("name", "rivera"), ("password", "guess guess")]))
                ) { #expect($0.status == .unauthorized) }
            }
            // Even the right password waits now.
            try await client.execute(
                uri: "/login", method: .post, headers: Form.headers(),
                body: ByteBuffer(string: Form.encode([("name", "rivera"), ("password", TestDashboard.password)]))
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            let (headers, body) = browser.form([])
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: browser.headers) { #expect($0.status == .seeOther) }
        }
    }

    @Test func aRemovedAccountIsSignedOutAtItsNextRequest() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let browser = try await client.login("dupont")
            try lab.store.removeAccount("dupont")
            try await client.execute(uri: "/", method: .get, headers: browser.headers) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: client.bearer(lab.teacherToken)) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func pagesCarrySecurityHeaders() async throws {
        let lab = try TestDashboard()
        try await lab.test { client in
            let browser = try await client.login("rivera")
            try await client.execute(uri: "/", method: .get, headers: browser.headers) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.cacheControl] == "no-store")
            }
        }
    }
}
