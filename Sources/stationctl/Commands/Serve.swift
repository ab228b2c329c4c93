import ArgumentParser
import Foundation
import Logging
import Policies
import StationConfig

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: hooks on every journal event, timers, scheduled shutdowns.",
        discussion: """
            Consumes the journal from a durable cursor, so an event committed by any process reaches \
            the hooks even after a crash (at least once). SIGHUP reloads the config and policies \
            (a broken new version is reported and the old one keeps running); SIGTERM finishes the \
            current event and exits. Logs go to stderr.
            """)

    @OptionGroup var lab: LabOptions
    @Flag(help: "Dispatch what is pending, run what is due, and exit (for cron and tests).")
    var once = false

    func run() throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "stationkeeper")
        try Exit.guarding {
            let context = try Context.open(lab)
            let claim = try context.store.claimForDaemon()
            defer { claim.unlock() }
            let host = try Context.host(for: context)
            let daemon = Daemon(store: context.store, host: host, logger: logger)
            if once {
                let pass = try daemon.runOnce()
                print("dispatched \(pass.events) event(s), ran \(pass.timers) timer(s), carried out \(pass.shutdowns) scheduled shutdown(s)")
                host.close()
                return
            }
            let signals = DaemonSignals()
            signals.install()
            try daemon.serve(signals: signals) {
                let fresh = try Context.open(lab)
                return try Context.host(for: fresh)
            }
            daemon.host.close()
        }
    }
}
