import Accounts
import Foundation
import Hummingbird

/// `GET /login`, `POST /login` and `POST /logout`.
///
/// A login checks the bcrypt hash (about a quarter of a second at cost 12, off the server's
/// threads), is refused after too many failures from one address or for one name
/// (``LoginLimiter``), and on success sets the `sk_session` cookie: `HttpOnly`,
/// `SameSite=Strict`, `Secure` when served over TLS.
struct LoginRoutes {
    let dashboard: Dashboard

    func add(to router: Router<DashboardContext>) {
        router.get("/login") { request, context in
            let next = Routing.localPath(request.uri.queryParameters["next"].map(String.init))
            return Response.html(loginPage(next: next, name: "", error: nil))
        }
        router.post("/login") { request, context in try await login(request, context: context) }
        router.post("/logout") { request, context in
            if let id = context.identity?.web?.id { dashboard.webSessions.close(id) }
            var response = Response.redirect(to: "/login")
            response.setCookie(sessionCookie(value: "", maxAge: 0))
            return response
        }
    }

    private func login(_ request: Request, context: DashboardContext) async throws -> Response {
        let form = context.form ?? FormFields()
        let name = form["name"] ?? ""
        let password = form["password"] ?? ""
        let next = Routing.localPath(form["next"])
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        let keys = ["address:\(address)", "name:\(name)"]
        let now = Date()
        if let wait = dashboard.limiter.refusal(keys: keys, at: now) { throw DashboardError.rateLimited(seconds: wait) }
        let store = dashboard.lab.store
        // An unknown name costs a hash too, so timing does not tell which names exist.
        let verified = try await Blocking.run {
            let hash = try store.passwordHash(of: name)
            return Credentials.verify(password: password, hash: hash ?? Self.decoyHash) && hash != nil
        }
        guard verified else {
            dashboard.limiter.recordFailure(keys: keys, at: now)
            return Response.html(loginPage(next: next, name: name, error: "Wrong name or password."), status: .unauthorized)
        }
        dashboard.limiter.clear(key: "name:\(name)")
        let web = dashboard.webSessions.open(account: name, at: now)
        var response = Response.redirect(to: next)
        response.setCookie(sessionCookie(value: web.id, maxAge: Int(WebSessions.lifetime)))
        return response
    }

    private func loginPage(next: String, name: String, error: String?) -> String {
        var values: [String: Any] = ["next": next, "name": name]
        if let error { values["error"] = error }
        return dashboard.pages.page("login", title: "Sign in", values, identity: nil)
    }

    private func sessionCookie(value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: AuthMiddleware.cookieName, value: value, maxAge: maxAge, path: "/", secure: dashboard.settings.secureCookies,
            httpOnly: true, sameSite: .strict)
    }

    /// A hash of a random password, checked when the name is unknown.
    private static let decoyHash = Credentials.hash(password: WebSessions.randomToken())
}
