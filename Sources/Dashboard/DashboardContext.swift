import Hummingbird
import NIOCore
import SessionStore

/// Who is asking: a dashboard account, signed in through the login page (a browser, with its web
/// session and CSRF token) or through an API token.
struct Identity: Sendable {
    var account: Account
    /// The browser's session; `nil` for a `Bearer` token.
    var web: WebSessions.Entry?

    /// The CSRF token forms carry (empty for a token: API calls need none).
    var csrf: String { web?.csrf ?? "" }
}

/// The request context of every route: Hummingbird's core storage, the peer's address (for the
/// login rate limit), who is signed in (set by ``AuthMiddleware``), and the form of a POST once
/// ``CSRFMiddleware`` has read it.
struct DashboardContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    var identity: Identity?
    var form: FormFields?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The signed-in identity; routes behind ``AuthMiddleware`` always have one.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw DashboardError.unauthenticated }
        return identity
    }
}
