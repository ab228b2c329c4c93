import ArgumentParser
import Foundation
import Logging
import Policies
import SessionStore
import StationConfig
import StationDaemon

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: hooks on every journal event, timers, scheduled shutdowns.",
        discussion: """
            Consumes the journal from a durable cursor, so an event committed by any process reaches \
            the hooks even after a crash (at least once). SIGHUP reloads the config and policies \
            (a broken new version is reported and the old one keeps running); SIGTERM finishes the \
            current event and exits. Logs go to stderr.

            On a district's PostgreSQL store several daemons run at once, each serving the \
            computers it holds the lock of: those --computers matches (all by default) that no \
            other daemon serves. When a daemon stops or dies, another whose pattern covers its \
            computers takes them over within a few seconds (docs/district.md).
            """)

    @OptionGroup var lab: PathOptions
    @Flag(help: "Dispatch what is pending, run what is due, and exit (for cron and tests).")
    var once = false

    @Option(
        help: ArgumentHelp(
            "On a district's PostgreSQL store: serve only the computers matching this shell pattern.",
            discussion: "For example 'SCHOOL-12-*'. Default: every computer no other daemon serves.",
            valueName: "pattern"))
    var computers: String?

    func run() throws {
        try Exit.guarding {
            let context = try Context.open(lab)
            // Log lines carry the engine's time (STATIONKEEPER_NOW when set), like the journal.
            LoggingSystem.bootstrap { [clock = context.clock] label in ClockLogHandler(label: label, clock: clock) }
            let logger = Logger(label: "stationkeeper")
            let claim = try context.store.claimForDaemon()
            defer { claim.unlock() }
            // The daemon writes for months: it refuses to start on a damaged store.
            if let damage = try context.store.quickCheck() {
                throw StoreError(
                    .corrupt,
                    "the store \(context.store.path ?? "") fails SQLite's quick_check (\(damage)): the daemon does not write to a damaged store. Run 'stationctl check-store' and restore the last backup (stationctl backup)"
                )
            }
            let ownership = try Self.ownership(context, pattern: computers)
            defer { ownership?.releaseAll() }
            let scope = ownership?.scope ?? .everything
            let daemon = Daemon(
                store: context.store, policies: try Self.load(context, logger: logger, scope: scope).resume(), logger: logger)
            daemon.ownership = ownership
            defer { daemon.policies.close() }
            daemon.watch()
            daemon.logind = Self.connectLogind(context, logger: logger)
            if once {
                let pass = try daemon.runOnce()
                print(
                    "dispatched \(pass.events) event(s), ran \(pass.timers) timer(s), carried out \(pass.shutdowns) scheduled shutdown(s)")
                return
            }
            let signals = DaemonSignals()
            signals.onStop = { [watchdog = daemon.watchdog] in watchdog?.requestStop() }
            signals.install()
            try daemon.serve(signals: signals) {
                try Self.load(Context.reopen(lab, over: daemon.store), logger: logger, scope: scope).startAfresh()
            }
        }
    }

    /// The bridge to the machine's logind when a computer is declared `seats = "logind"`,
    /// reconciled. When logind cannot be reached the daemon still serves the store, says so, and
    /// connects again every second.
    static func connectLogind(_ context: Context, logger: Logger) -> LogindBridge? {
        guard let computer = context.config.logindComputer else { return nil }
        let bridge = LogindBridge(
            computer: computer, store: context.store, rules: context.config.rules, clock: context.clock, logger: logger)
        do {
            try bridge.connect()
        } catch {
            logger.error("logind: \(error) (\(computer.name) follows logind); connecting again every second")
        }
        return bridge
    }

    /// The daemon's policies, over its store (the caller resumes them, or starts them afresh on a reload).
    static func load(_ context: Context, logger: Logger, scope: ComputerScope) throws -> PolicySet {
        try PolicySet.over(context.store, config: context.config, clock: context.clock, logger: logger, scope: scope)
    }

    /// On a shared store, the locks of the computers this daemon serves; `nil` on a SQLite store.
    /// - Throws: a usage error for `--computers` on a SQLite store, or a pattern that matches no computer.
    static func ownership(_ context: Context, pattern: String?) throws -> ComputerOwnership? {
        guard context.store.isShared else {
            guard pattern == nil else {
                throw ValidationError(
                    "--computers is for a district's PostgreSQL store (--store postgresql://…), where several daemons share the computers; one daemon serves the SQLite store \(context.store.location)"
                )
            }
            return nil
        }
        let ownership = try ComputerOwnership(store: context.store, pattern: pattern)
        // The store's computers are the config's (the context synced them); the cached config has no layout.
        let names = try context.store.computerNames()
        if let pattern, !names.contains(where: ownership.wants) {
            let known = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
            throw ValidationError("--computers '\(pattern)' matches no computer of the config (its computers: \(known))")
        }
        return ownership
    }
}
