import ArgumentParser
import Dashboard
import Foundation
import Hummingbird
import Logging
import StationConfig

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve the web dashboard: stations at a glance, every admin action, live updates, and /api/v1.",
        discussion: """
            Works over the same config and store as the other commands, in its own process (the \
            daemon may be stopped). Sign in with an account from 'stationctl admins add'; scripts \
            use 'Authorization: Bearer' with a token from 'stationctl admins token'. It listens on \
            loopback unless told otherwise: serve it over TLS (--tls-cert, --tls-key) or behind a \
            reverse proxy (docs/dashboard.md). SIGINT or SIGTERM stops it. Logs go to stderr.
            """)

    @OptionGroup var lab: PathOptions
    @Option(help: ArgumentHelp("Where to listen: HOST:PORT, or PORT on 127.0.0.1.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"
    @Option(help: ArgumentHelp("A PEM certificate (chain) to serve HTTPS with; needs --tls-key.", valueName: "path"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "path"))
    var tlsKey: String?
    @Flag(help: "Mark cookies Secure without --tls-cert: a reverse proxy in front serves HTTPS.")
    var secureCookies = false
    @Option(
        help: ArgumentHelp(
            "The folder of scenario files the simulation page offers. Default: 'scenarios' beside the config.", valueName: "path"))
    var scenarios: String?

    func validate() throws {
        guard DashboardSettings.parseListen(listen) != nil else {
            throw ValidationError("--listen must be HOST:PORT or PORT, for example 127.0.0.1:8080, not '\(listen)'")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: give both, or neither to serve plain HTTP")
        }
    }

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab)
            LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
            let logger = Logger(label: "stationkeeper.dashboard")
            guard let address = DashboardSettings.parseListen(listen) else { throw ExitCode(Exit.usage) }
            for path in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
                try Exit.fail("cannot read \(path): --tls-cert and --tls-key must be readable PEM files", code: Exit.failure)
            }
            let configFolder = (context.config.path as NSString).deletingLastPathComponent
            let settings = DashboardSettings(
                host: address.host, port: address.port,
                tls: tlsCert.flatMap { cert in tlsKey.map { DashboardSettings.TLSFiles(certificate: cert, key: $0) } },
                secureCookies: secureCookies ? true : nil,
                scenarios: scenarios ?? (configFolder.isEmpty ? "scenarios" : configFolder + "/scenarios"))
            let dashboard: Dashboard
            let app: any ApplicationProtocol
            do {
                dashboard = try Dashboard(
                    lab: Lab(config: context.config, store: context.store, clock: context.clock), settings: settings)
                app = try dashboard.application(logger: logger)
            } catch {
                try Exit.fail("cannot start the dashboard: \(error) (check --tls-cert and --tls-key)", code: Exit.failure)
            }
            defer { dashboard.stop() }
            let done = DispatchSemaphore(value: 0)
            let failure = ErrorBox()
            Task {
                do {
                    try await app.runService()
                } catch {
                    failure.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = failure.error { try Exit.fail("cannot serve on \(listen): \(error)", code: Exit.failure) }
        }
    }
}

/// Carries the server task's error back to `run()`.
private final class ErrorBox: @unchecked Sendable {
    var error: (any Error)?
}
