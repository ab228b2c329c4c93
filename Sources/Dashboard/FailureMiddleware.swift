import Hummingbird
import Presentation

/// Turns any error of a route into its answer: `{"error": {"code", "message"}}` for the API, an
/// error page for a browser. The message is the engine's own for its refusals.
struct FailureMiddleware: RouterMiddleware {
    typealias Context = DashboardContext
    let pages: Pages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let failure: ErrorReply
            if let http = error as? HTTPError {
                failure = ErrorReply(status: http.status, code: "http_\(http.status.code)", message: http.body ?? http.status.reasonPhrase)
            } else {
                failure = ErrorReply(error)
            }
            var response: Response
            if Routing.isAPI(request.uri.path) {
                response = .json(
                    .object([("error", .object([("code", .string(failure.code)), ("message", .string(failure.message))]))]),
                    status: failure.status)
            } else {
                response = .html(
                    pages.errorPage(heading: failure.status.reasonPhrase, message: failure.message, identity: context.identity),
                    status: failure.status)
            }
            if case .rateLimited(let seconds) = error as? DashboardError { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }
}
