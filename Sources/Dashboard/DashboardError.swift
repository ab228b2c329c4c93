import HTTPTypes
import SessionEngine
import SessionStore

/// A request the dashboard refuses before the engine sees it, with its HTTP status and a code for
/// the API (`{"error": {"code": "forbidden", "message": "…"}}`).
enum DashboardError: Error, CustomStringConvertible {
    /// No session cookie or token, or an expired one.
    case unauthenticated
    /// Signed in, but the role or the account's computers do not allow it.
    case forbidden(String)
    /// A state-changing request without the right CSRF token or from another origin.
    case csrf(String)
    /// A malformed request: what is wrong and what is allowed.
    case badRequest(String)
    case notFound(String)
    /// Too many failed logins: retry after this many seconds.
    case rateLimited(seconds: Int)
    /// Something the dashboard needs is not there (the daemon for a reload).
    case unavailable(String)

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated: return .unauthorized
        case .forbidden, .csrf: return .forbidden
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        case .rateLimited: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: return "unauthenticated"
        case .forbidden: return "forbidden"
        case .csrf: return "csrf"
        case .badRequest: return "bad_request"
        case .notFound: return "not_found"
        case .rateLimited: return "rate_limited"
        case .unavailable: return "unavailable"
        }
    }

    var description: String {
        switch self {
        case .unauthenticated:
            return
                "sign in first: a session cookie from the login page, or an 'Authorization: Bearer skt_…' token from 'stationctl admins token NAME'"
        case .forbidden(let message), .csrf(let message), .badRequest(let message), .notFound(let message), .unavailable(let message):
            return message
        case .rateLimited(let seconds):
            return "too many failed sign-ins: try again in \(seconds) s"
        }
    }
}

/// How any error of a route is answered: its HTTP status, API code and one-line message. The
/// engine's refusals keep `stationctl`'s exact messages.
struct ErrorReply {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    init(_ error: any Error) {
        switch error {
        case let error as DashboardError:
            self.init(status: error.status, code: error.code, message: error.description)
        case let error as EngineError:
            switch error {
            case .invalid(let message): self.init(status: .badRequest, code: "invalid", message: message)
            case .unknown(let message): self.init(status: .notFound, code: "unknown", message: message)
            case .refused(let message): self.init(status: .conflict, code: "refused", message: message)
            }
        case let error as StoreError:
            let status: HTTPResponse.Status = error.code == .busy ? .serviceUnavailable : .internalServerError
            self.init(status: status, code: "store_\(error.code.rawValue)", message: error.message)
        default:
            self.init(status: .internalServerError, code: "internal", message: "\(error)")
        }
    }

    init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }
}
