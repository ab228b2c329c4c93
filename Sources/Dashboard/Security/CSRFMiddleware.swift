import Foundation
import HTTPTypes
import Hummingbird

/// Refuses a state-changing request of a signed-in browser unless it carries its session's CSRF
/// token (the form field `csrf`, or the `X-CSRF-Token` header for scripts of the page) and, when
/// the browser says where it comes from (`Origin`), comes from this dashboard. API calls with a
/// token carry no cookie, so a forged page cannot make them: they need no CSRF token.
///
/// It reads a form body once and hands it to the route in `context.form`.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    static let headerName = HTTPField.Name.fixed("X-CSRF-Token")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        var context = context
        let isForm = request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") ?? false
        if isForm {
            let body = try await request.collectBody(upTo: 256 * 1024)
            context.form = FormFields(parsing: String(buffer: body))
        }
        if let web = context.identity?.web {
            if let origin = request.headers[.origin], let host = request.head.authority,
                URL(string: origin)?.host.map({ hostOnly(host) == $0 }) != true
            {
                throw DashboardError.csrf("this request comes from \(origin), not from this dashboard: refused")
            }
            let sent = request.headers[Self.headerName] ?? context.form?["csrf"]
            guard let sent, Self.equal(sent, web.csrf) else {
                throw DashboardError.csrf(
                    "the form's CSRF token is missing or out of date: reload the page and try again (a signed-in form always carries it)")
            }
        }
        return try await next(request, context)
    }

    private func hostOnly(_ hostHeader: String) -> String {
        if hostHeader.hasPrefix("["), let end = hostHeader.firstIndex(of: "]") {
            return String(hostHeader[hostHeader.index(after: hostHeader.startIndex)..<end])
        }
        return String(hostHeader.split(separator: ":").first ?? "")
    }

    /// Compares in time independent of where the first difference is.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
