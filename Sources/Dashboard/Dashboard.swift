import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// The dashboard: the lab it works over, who is signed in, the login rate limit, the live feed of
/// commits, and the pages. One per `stationctl dashboard` process.
///
/// ```swift
/// let dashboard = try Dashboard(lab: lab, settings: DashboardSettings(scenarios: "/etc/stationkeeper/scenarios"))
/// try await dashboard.application(logger: logger).runService()
/// ```
public final class Dashboard: Sendable {
    let lab: Lab
    let settings: DashboardSettings
    let webSessions = WebSessions()
    let limiter = LoginLimiter()
    let feed: LiveFeed
    let pages: Pages

    public init(lab: Lab, settings: DashboardSettings) throws {
        self.lab = lab
        self.settings = settings
        pages = try Pages()
        feed = LiveFeed(store: lab.store)
    }

    /// The Hummingbird application: the router with its middleware, on `settings`' address, over
    /// TLS when certificate and key are given.
    public func application(logger: Logger) throws -> some ApplicationProtocol {
        let server: HTTPServerBuilder
        if let tls = settings.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            server = try .tls(.http1(), tlsConfiguration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        } else {
            server = .http1()
        }
        return Application(
            router: buildRouter(),
            server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "stationkeeper-dashboard"),
            logger: logger)
    }

    /// Every route, behind the security-header, error, authentication and CSRF middleware.
    func buildRouter() -> Router<DashboardContext> {
        let router = Router(context: DashboardContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: FailureMiddleware(pages: pages))
        router.add(middleware: AuthMiddleware(dashboard: self))
        router.add(middleware: CSRFMiddleware())
        AssetRoutes.add(to: router)
        LoginRoutes(dashboard: self).add(to: router)
        PageRoutes(dashboard: self).add(to: router)
        ActionRoutes(dashboard: self).add(to: router)
        EventRoutes(dashboard: self).add(to: router)
        APIRoutes(dashboard: self).add(to: router)
        return router
    }

    /// Stops the live feed's thread.
    public func stop() {
        feed.stop()
    }
}
