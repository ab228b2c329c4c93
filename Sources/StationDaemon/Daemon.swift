import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig

#if canImport(Glibc)
import Glibc
#endif

/// `stationctl serve`: consumes the journal from a durable cursor, dispatches each event to the
/// hooks, carries out scheduled shutdowns, and runs timers.
///
/// Delivery is at-least-once: the cursor commits with the actions the hooks took for the events
/// before it, so a daemon killed while handling an event hands that event to every hook again
/// when it restarts, and none of the repeated actions had been committed.
///
/// ```swift
/// let daemon = Daemon(store: store, policies: policies)
/// try daemon.runOnce()   // what `serve --once` does
/// ```
public final class Daemon {
    public let store: SessionStore
    public private(set) var policies: PolicySet
    let logger: Logger
    /// The cursor's name in the store.
    public static let cursorName = "serve"
    /// Events read from the journal per query.
    static let batchSize = 256

    public init(store: SessionStore, policies: PolicySet, logger: Logger = Logger(label: "stationkeeper")) {
        self.store = store
        self.policies = policies
        self.logger = logger
    }

    /// What one pass did.
    public struct Pass: Sendable {
        public var events = 0
        public var timers = 0
        public var shutdowns = 0
        /// Calls made on the machine through logind (`os_action` events).
        public var machineCalls = 0
    }

    /// Dispatches every pending event, carries out due shutdowns, runs due timers, and repeats
    /// until nothing is left (actions taken by hooks and timers produce events that reach hooks too).
    @discardableResult
    public func runOnce(shouldStop: () -> Bool = { false }) throws -> Pass {
        var pass = Pass()
        try refreshOwnership()
        for _ in 0..<1000 {
            // Drains the journal, including what the hooks themselves cause.
            pass.events += try dispatchPending(shouldStop: shouldStop)
            if shouldStop() { break }
            // What was decided, carried out on the machine (outside any batch: D-Bus calls may wait).
            pass.machineCalls += try carryOutOnMachine()
            // Nothing due: no batch (on PostgreSQL a batch takes the district's writers' turn).
            guard try somethingDue() else { break }
            let appended = store.eventsAppended
            // One commit for the shutdowns carried out and for what the timers did.
            try store.batch {
                pass.shutdowns += carryOutDueShutdowns()
                pass.timers += policies.runDueTimers()
            }
            // Only shutdowns and timers can have added events since the journal was drained
            // (events other processes add are seen on the next pass).
            if store.eventsAppended == appended { break }
        }
        return pass
    }

    /// The bridge to the machine's logind, for the computer declared `seats = "logind"` (set by
    /// `serve`; docs/logind.md). `nil` when no computer follows logind.
    public var logind: LogindBridge?

    /// The last event handled; read from the store once, then kept here (this daemon owns the store).
    private var cursor: Int64?

    /// On a district's PostgreSQL store: the computers this daemon serves (set by `serve`).
    /// `nil`: it serves the whole store, alone.
    public var ownership: ComputerOwnership?
    /// Per unit served (a computer, or ``ComputerOwnership/computerless``), the last event of it handled.
    var unitCursors: [String: Int64] = [:]

    /// How long one batch holds the store's write lock before it commits (other commands wait that long).
    static let batchTime = Duration.milliseconds(50)

    /// Hands each event after the cursor to the hooks, in batches: the actions the hooks take for
    /// a batch's events commit in one transaction with the cursor after them (one fsync for up to
    /// ``batchSize`` events, or ``batchTime``). A daemon killed mid-batch loses the batch's
    /// actions and its cursor together, and hands those events to every hook again when it restarts.
    func dispatchPending(shouldStop: () -> Bool) throws -> Int {
        if let ownership { return try dispatchServed(by: ownership, shouldStop: shouldStop) }
        var cursor = try self.cursor ?? store.cursor(Self.cursorName) ?? 0
        var count = 0
        while !shouldStop() {
            let handled = try store.batch { () throws -> Int64? in
                let rows = try store.journalRows(after: cursor, limit: Self.batchSize)
                guard !rows.isEmpty else { return nil }
                let started = ContinuousClock.now
                var last = cursor
                for (seq, row) in rows {
                    switch row {
                    case .success(let event): policies.dispatch(event)
                    // A row this version cannot read must not stop the daemon for ever: say so, move on.
                    case .failure(let error): logger.error("skipped journal event \(seq): \(error)")
                    }
                    last = seq
                    count += 1
                    if shouldStop() || ContinuousClock.now - started > Self.batchTime { break }
                }
                try store.setCursor(Self.cursorName, to: last)
                return last
            }
            guard let handled else { break }
            cursor = handled
            self.cursor = handled
        }
        return count
    }

    /// The computers this daemon carries out shutdowns of (`nil`: every one).
    var servedComputers: Set<String>? { ownership?.scope.computers }

    /// Whether a timer or a scheduled shutdown of this daemon's computers is due.
    func somethingDue() throws -> Bool {
        let now = policies.clock.now
        if let timer = policies.nextTimerDue, timer <= now { return true }
        return try store.nextSchedule(computers: servedComputers).map { $0 <= now } ?? false
    }

    /// Shutdowns and restarts scheduled with `--in` whose time has come, done as `system`.
    func carryOutDueShutdowns() -> Int {
        let now = policies.clock.now
        var done = 0
        do {
            guard let next = try store.nextSchedule(computers: servedComputers), next <= now else { return 0 }
            for name in try store.dueSchedules(at: now, computers: servedComputers) {
                do {
                    try store.perform(
                        .carryOutSchedule(computer: name), actor: .system,
                        reason: "scheduled", at: now, rules: policies.config.rules)
                    logger.info("carried out the scheduled shutdown or restart of \(name)")
                    done += 1
                } catch {
                    logger.error("cannot carry out the scheduled shutdown of \(name): \(error)")
                }
            }
        } catch {
            logger.error("cannot read scheduled shutdowns: \(error)")
        }
        return done
    }

    /// Replaces the policies (SIGHUP). The old set is closed: its hooks and timers are gone.
    public func replacePolicies(with fresh: PolicySet) {
        policies.close()
        if let watchdog { fresh.watchdog = watchdog }
        policies = fresh
    }

    /// Stops a policy call running longer than ``PolicyLimits/watchdogSeconds``; installed by `serve`.
    public private(set) var watchdog: Watchdog?

    /// Starts the watchdog. A call it cannot stop (stuck outside Lua) is recorded beside the store
    /// and the process exits with status 70, so that a supervisor restarts it; the restarted daemon
    /// (this method, at start) reports that call as a `policy_error` and skips it for its event.
    public func watch(limits: PolicyLimits = .standard) {
        let store = self.store
        let watchdog = Watchdog(limits: limits) { call in
            StuckCallRecord.write(call, for: store)
            // A raw write: the stuck thread may hold the logger's lock, and exiting must not wait.
            let seconds = String(format: "%.1f", call.seconds)
            let line =
                "stationkeeper: policy \(call.policy): \(call.site) ran \(seconds) s and could not be stopped; exiting (status 70) so that the restart skips it\n"
            _ = line.utf8CString.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count - 1) }
            _exit(70)
        }
        self.watchdog = watchdog
        policies.watchdog = watchdog
        if let stuck = StuckCallRecord.take(for: store) { policies.skip(stuck) }
    }

    /// Runs until `signals` says stop: a pass, then a sleep until the next timer, the next
    /// scheduled shutdown, or a commit by any process (the ``CommitWatcher`` wakes it), at most a second.
    public func serve(signals: DaemonSignals, reload: () throws -> PolicySet) throws {
        logger.info("serving: \(policies.runtimes.count) policies and plugins loaded")
        let watcher = store.path.flatMap { CommitWatcher(store: $0, wake: { signals.nudge() }) }
        defer { watcher?.stop() }
        let listener = store.isShared ? JournalListener(store: store, logger: logger, wake: { signals.nudge() }) : nil
        listener?.start()
        defer { listener?.stop() }
        if watcher == nil && listener == nil {
            logger.warning("cannot watch the store's files: new events are seen within a second")
        }
        while !signals.stopRequested {
            try watcher?.checkFiles()
            if signals.takeReloadRequest() {
                do {
                    let fresh = try reload()
                    replacePolicies(with: fresh)
                    logger.info("reloaded the config: \(fresh.runtimes.count) policies and plugins")
                } catch {
                    logger.error("reload failed, the running version stays: \(error)")
                }
            }
            _ = try runOnce(shouldStop: { signals.stopRequested })
            guard try waitForWork(seconds: pollInterval(), signals: signals) else { continue }
            try CommitWatcher.settle { try runOnce(shouldStop: { signals.stopRequested }).events > 0 || signals.stopRequested }
        }
        logger.info("stopping")
    }

    /// At most a second, less when a timer or a scheduled shutdown is due sooner.
    func pollInterval() -> Double {
        let now = policies.clock.now
        var candidates: [Date] = [now + 1]
        if let timer = policies.nextTimerDue { candidates.append(timer) }
        do {
            if let shutdown = try store.nextSchedule(computers: servedComputers) { candidates.append(shutdown) }
        } catch {
            logger.error("cannot read scheduled shutdowns: \(error)")
        }
        return max(0.01, (candidates.min() ?? now + 1).timeIntervalSince(now))
    }
}
