import HTTPTypes
import Hummingbird

/// Headers on every response: a content security policy that allows only the dashboard's own
/// script and style (a payload that escaped the HTML escaping still would not run), no framing, no
/// MIME sniffing, and no caching of pages that show who is where.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = DashboardContext

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name.fixed("Referrer-Policy")] = "same-origin"
        if !request.uri.path.hasPrefix("/assets/") { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
