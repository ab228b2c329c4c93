import Accounts
import Foundation
import Hummingbird
import SessionStore

/// Finds who is asking, from an `Authorization: Bearer skt_…` token or the `sk_session` cookie,
/// and refuses everything else but the login page and the assets: a page redirects to
/// `/login?next=…`, the API and the event stream answer 401.
///
/// The account is read from the store at every request, so a removed account or a changed role
/// takes effect at once.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DashboardContext
    let dashboard: Dashboard

    static let cookieName = "sk_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if Self.isPublic(path) { return try await next(request, context) }
        var context = context
        context.identity = try await identify(request)
        guard context.identity != nil else {
            if Routing.isAPI(path) || request.method != .get { throw DashboardError.unauthenticated }
            let target = request.uri.query.map { "\(path)?\($0)" } ?? path
            return Response.redirect(to: "/login?next=" + Routing.queryEscaped(target))
        }
        return try await next(request, context)
    }

    static func isPublic(_ path: String) -> Bool {
        path == "/login" || path.hasPrefix("/assets/")
    }

    private func identify(_ request: Request) async throws -> Identity? {
        let store = dashboard.lab.store
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer ") else {
                throw DashboardError.badRequest(
                    "the Authorization header must be 'Bearer skt_…' (a token from 'stationctl admins token NAME')")
            }
            let digest = Credentials.digest(of: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
            return try await Blocking.run { try store.account(forTokenDigest: digest) }.map { Identity(account: $0, web: nil) }
        }
        guard let id = request.cookies[Self.cookieName]?.value,
            let web = dashboard.webSessions.find(id, at: Date())
        else { return nil }
        let name = web.account
        guard let account = try await Blocking.run({ try? store.account(named: name) }) else {
            dashboard.webSessions.close(id)
            return nil
        }
        return Identity(account: account, web: web)
    }
}
