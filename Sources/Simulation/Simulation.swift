import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon

/// Runs the real engine and the real policies against a virtual clock on a scratch store.
///
/// The simulation steps the clock from one interesting moment to the next (a scenario step, a
/// timer, a scheduled shutdown), marks the users who are not idle as active at that moment, and
/// does what `stationctl serve` does. Only the clock differs.
///
/// ```swift
/// let report = try Simulation(config: config, scenario: scenario,
///                             window: .init(from: start, until: start + 36_000)).run()
/// report.events   // the journal of the simulated day
/// ```
public final class Simulation {
    public struct Window: Sendable {
        public var from: Date
        public var until: Date
        public init(from: Date, until: Date) {
            self.from = from
            self.until = until
        }
    }

    /// A scenario step the engine refused.
    public struct Refusal: Sendable {
        public var at: Date
        public var location: String?
        public var message: String
    }

    /// What happened.
    public struct Report: Sendable {
        public var window: Window
        /// Every journal event of the run (events copied from a live store are not included).
        public var events: [Event]
        public var refusals: [Refusal]
        /// What policies wrote with log.warn and log.error.
        public var logs: [String]
    }

    let config: StationConfig
    let scenario: Scenario
    let window: Window
    let calendar: Calendar
    let library: PolicyLibrary?
    let store: SessionStore

    /// - Parameter startingFrom: a live store whose state is copied as the starting point; never written.
    public init(
        config: StationConfig, scenario: Scenario, window: Window, calendar: Calendar = .current,
        library: PolicyLibrary? = nil, startingFrom live: SessionStore? = nil
    ) throws {
        self.config = config
        self.scenario = scenario
        self.window = window
        self.calendar = calendar
        self.library = library
        store = try live.map { try SessionStore(copying: $0) } ?? SessionStore()
        try store.syncLayout(config.loadedLayout())
    }

    public func run() throws -> Report {
        let clock = ManualClock(window.from)
        let logs = LogCollector()
        let logger = Logger(label: "simulation") { _ in logs }
        // A copied live store brings the live daemon's timer schedule and health: start afresh.
        try store.resetDaemonState()
        // The daemon's own loop and world, on the scratch store; programs are journaled, not run.
        let policies = try PolicySet.over(
            store, config: config, clock: clock, library: library, logger: logger,
            calendar: calendar, programs: { _ in .simulated }
        ).resume()
        defer { policies.close() }
        let daemon = Daemon(store: store, policies: policies, logger: logger)
        let firstSeq = try store.lastSeq()
        try store.setCursor(Daemon.cursorName, to: firstSeq)
        var steps = ArraySlice(scenario.steps)
        var refusals: [Refusal] = []
        var idle = Set<Int64>()
        let midnight = calendar.startOfDay(for: window.from)
        // Steps before the window's start are not replayed.
        while let step = steps.first, midnight + TimeInterval(step.time) < window.from { steps.removeFirst() }
        var now = window.from
        while now <= window.until {
            clock.set(now)
            // Users who were not idle worked until this moment; then this moment's steps happen.
            try store.touchActiveSessions(at: now, except: idle)
            while let step = steps.first, midnight + TimeInterval(step.time) <= now {
                steps.removeFirst()
                if let refusal = apply(step, at: now, idle: &idle) { refusals.append(refusal) }
            }
            try daemon.runOnce()
            guard let next = try nextMoment(after: now, steps: steps, policies: policies, midnight: midnight) else { break }
            now = next
        }
        let events = try store.events(after: firstSeq, limit: Int.max)
        return Report(window: window, events: events, refusals: refusals, logs: logs.lines)
    }

    /// The next scenario step, timer or scheduled shutdown, whichever is first, within the window.
    /// Between them nothing can happen: users' activity is brought up to date at each moment.
    private func nextMoment(after now: Date, steps: ArraySlice<Scenario.Step>, policies: PolicySet, midnight: Date)
        throws -> Date?
    {
        var candidates: [Date] = []
        if let step = steps.first { candidates.append(midnight + TimeInterval(step.time)) }
        if let timer = policies.nextTimerDue { candidates.append(timer) }
        if let shutdown = try store.nextSchedule() { candidates.append(shutdown) }
        let next = max(now + 0.001, candidates.min() ?? window.until)
        if next > window.until { return now < window.until ? window.until : nil }
        return next
    }

    private func apply(_ step: Scenario.Step, at now: Date, idle: inout Set<Int64>) -> Refusal? {
        do {
            switch step.action {
            case .verb(let verb, let input):
                let command = try verb.command(input, now: now)
                let outcome = try store.perform(
                    command, actor: verb.row.scenarioActor, reason: input.reason ?? "scenario",
                    at: now, rules: config.rules)
                // A user who signs in or unlocks is back at work.
                if verb == .signIn || verb == .unlock, let id = outcome.events.last?.session { idle.remove(id) }
            case .idle(let ref):
                idle.insert(try store.session(ref).id)
            case .busy(let ref):
                idle.remove(try store.session(ref).id)
            }
            return nil
        } catch {
            return Refusal(at: now, location: step.location?.description, message: String(describing: error))
        }
    }
}
