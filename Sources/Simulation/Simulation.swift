import Foundation
import Logging
import Policies
import SchoolCalendar
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
        var refusals: [Refusal] = []
        var idle = Set<Int64>()
        let firstDay = LocalDate(window.from, in: calendar.timeZone)
        // Each step at its instant, in order (dated steps among the others); those before the
        // window's start are not replayed.
        var steps = ArraySlice(
            scenario.steps.enumerated().map { (instant(of: $0.element, firstDay: firstDay), $0.offset, $0.element) }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { (at: $0.0, step: $0.2) })
        while let step = steps.first, step.at < window.from { steps.removeFirst() }
        var now = window.from
        while now <= window.until {
            clock.set(now)
            // Users who were not idle worked until this moment; then this moment's steps happen.
            try store.touchActiveSessions(at: now, except: idle)
            while let step = steps.first, step.at <= now {
                steps.removeFirst()
                if let refusal = apply(step.step, at: now, idle: &idle) { refusals.append(refusal) }
            }
            try daemon.runOnce()
            guard let next = try nextMoment(after: now, step: steps.first?.at, policies: policies) else { break }
            now = next
        }
        let events = try store.events(after: firstSeq, limit: Int.max)
        return Report(window: window, events: events, refusals: refusals, logs: logs.lines)
    }

    /// When a step happens: its time of day on its date, or on the first day plus its `+Nd`, in the
    /// simulation's zone (so `"+6d 07:30"` is 07:30 local after a change of the clocks too).
    private func instant(of step: Scenario.Step, firstDay: LocalDate) -> Date {
        let day = step.date ?? firstDay.adding(days: step.time / 86_400)
        let seconds = step.time % 86_400
        let clock = LocalClock(timeZone: calendar.timeZone)
        // Scenario.time checked the hour and minute.
        guard let time = try? LocalTime(hour: seconds / 3600, minute: seconds % 3600 / 60) else { return window.from }
        return clock.instant(of: time, on: day) + TimeInterval(seconds % 60)
    }

    /// The next scenario step, timer or scheduled shutdown, whichever is first, within the window.
    /// Between them nothing can happen: users' activity is brought up to date at each moment.
    private func nextMoment(after now: Date, step: Date?, policies: PolicySet) throws -> Date? {
        var candidates: [Date] = []
        if let step { candidates.append(step) }
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
