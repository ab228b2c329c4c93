import Foundation
import Logging
import Lua
import SchoolCalendar
import SessionEngine
import StationConfig

/// Every policy and plugin of a config, loaded once, with their hooks and timers.
///
/// The daemon keeps one set per config version: a reload builds a new set and closes the old
/// one, which unhooks everything the old version registered. What the set does to the world goes
/// through its ``PolicyWorld``.
///
/// ```swift
/// let policies = try PolicySet(config: config, world: world, clock: SystemClock())
/// policies.dispatch(event)        // hooks, in config order
/// policies.runDueTimers()         // timers whose time has come
/// ```
public final class PolicySet {
    public let config: StationConfig
    let world: any PolicyWorld
    public let clock: any WallClock
    /// What each policy may use: instructions per call, event and tick, memory, hooks, timers, output.
    public let limits: PolicyLimits
    let logger: Logger
    /// The calendar of `at` times: the school calendar's zone when the config has one.
    let calendar: Calendar
    /// The config's `calendar { … }`: school days, holidays and periods for `at`, `at_period` and `calendar.*`.
    public let school: SchoolCalendar?
    /// Policies in config order, then plugins in config order.
    public private(set) var runtimes: [PolicyRuntime] = []
    private var health: [String: PolicyHealth]
    /// Timers' next runs as last saved, by key: a timer registered again resumes its schedule.
    var savedTimers: [String: Date]
    /// Policies' `memory` as last saved, by name, read back when each file loads.
    let savedMemory: [String: String]
    /// Stops a call that runs too long; the daemon installs one.
    public var watchdog: Watchdog
    /// Whether each file is checked by ``PolicyChecker`` before it loads, its first error refusing
    /// it (`policies check` reports them all itself).
    let vetting: Bool
    /// Hooks not to run again for an event (see ``skip(_:)``).
    private var skipped: Set<Skip> = []

    private struct Skip: Hashable {
        var policy: String
        var seq: Int64
    }

    /// Actions taken while handling an event this deep are refused: a cascade is cut.
    public static let maxCascadeDepth = 8
    /// Consecutive failures after which a policy is quarantined until it changes or the daemon reloads.
    public static let quarantineAfter = 5

    /// Loads every policy and plugin the config enables. Loading writes nothing: the daemon saves
    /// what it must (see `StationDaemon`).
    ///
    /// - Parameter saved: the daemon's saved timers and health, to resume from.
    /// - Throws: ``StationConfig/ConfigError`` naming the file and line of the first problem.
    public init(
        config: StationConfig, world: any PolicyWorld, clock: any WallClock,
        library: PolicyLibrary? = nil, logger: Logger = Logger(label: "stationkeeper"),
        calendar: Calendar = .current, saved: SavedPolicyState = SavedPolicyState(), limits: PolicyLimits = .standard,
        vetting: Bool = true
    ) throws(ConfigError) {
        self.config = config
        self.vetting = vetting
        self.world = world
        self.clock = clock
        let limits = limits.allowing(instructionsPerCall: config.policyInstructionsPerCall)
        self.limits = limits
        self.logger = logger
        // Every set is watched (loading, `policies check`, simulations); the daemon installs one
        // that also records a call it cannot stop and exits (`Daemon.watch`).
        watchdog = Watchdog(limits: limits) { [logger] call in
            logger.critical("\(call.policy): \(call.site) ran \(Int(call.seconds)) s and could not be stopped")
        }
        let school = try config.schoolCalendar()
        self.school = school
        var calendar = calendar
        if let school { calendar.timeZone = school.timeZone }
        self.calendar = calendar
        health = saved.health
        savedTimers = saved.timers
        savedMemory = saved.memory
        let library = library ?? PolicyLibrary.forConfig(at: config.path)
        do throws(ConfigError) {
            for (kind, declaration) in config.declarations {
                let file = try library.file(kind, named: declaration.name, declaredAt: declaration)
                runtimes.append(
                    try PolicyRuntime(
                        name: declaration.name, kind: kind, file: file,
                        declaration: declaration, policies: self))
            }
        } catch {
            close()
            throw error
        }
    }

    /// Loads one file, outside any config's list, to check it: no store, queries and actions fail.
    /// The file is not vetted by ``PolicyChecker`` (`policies check` runs it itself, for every problem).
    public static func check(
        file: String, kind: PolicyKind = .policy, config: StationConfig,
        clock: any WallClock = SystemClock()
    ) throws(ConfigError) -> PolicyRuntime {
        // Only the layout and the calendar: the file is loaded on its own, whatever the config enables.
        var alone = StationConfig(path: config.path, layout: config.layout)
        alone.calendar = config.calendar
        let policies = try PolicySet(config: alone, world: CheckWorld(), clock: clock, vetting: false)
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let declaration = (kind == .policy ? config.policies : config.plugins).first { $0.name == name }
        let runtime = try PolicyRuntime(name: name, kind: kind, file: file, declaration: declaration, policies: policies)
        policies.runtimes.append(runtime)
        return runtime
    }

    /// Closes every Lua state: hooks and timers are gone.
    public func close() {
        for runtime in runtimes { runtime.close() }
        runtimes = []
    }

    public func runtime(named name: String) -> PolicyRuntime? {
        runtimes.first { $0.name == name }
    }

    /// A policy's health as this set sees it.
    public func health(of name: String) -> PolicyHealth {
        health[name] ?? PolicyHealth(name: name, state: .ok, failures: 0)
    }

    /// What the daemon does with a set it loaded when it starts (`serve`, each `serve --once`):
    /// a policy keeps its saved health — a quarantine lasts — unless its file or settings changed
    /// since, and the schedule of every timer not saved yet is saved, through the world. A set
    /// that is only looked at never calls this.
    /// - Returns: the set itself, for chaining after loading.
    /// - Throws: what the world's saving threw; the set is then closed.
    @discardableResult
    public func resume() throws -> PolicySet {
        try starting { runtime, saved in saved.version != runtime.version }
    }

    /// What the daemon does with a set it loaded on a reload (SIGHUP): like ``resume()``, but
    /// every failing or quarantined policy becomes `ok` again (its last error is kept).
    @discardableResult
    public func startAfresh() throws -> PolicySet {
        try starting { _, _ in true }
    }

    private func starting(resetting: (PolicyRuntime, PolicyHealth) -> Bool) throws -> PolicySet {
        do {
            try saveStartState(resetting: resetting)
        } catch {
            close()
            throw error
        }
        return self
    }

    private func saveStartState(resetting: (PolicyRuntime, PolicyHealth) -> Bool) throws {
        let now = clock.now
        // What the files' top levels put in memory is kept from the start.
        for runtime in runtimes { saveMemory(of: runtime) }
        for runtime in runtimes {
            guard let current = health[runtime.name], current.state != .ok, resetting(runtime, current) else { continue }
            let fresh = PolicyHealth(
                name: runtime.name, state: .ok, failures: 0,
                lastError: current.lastError, lastErrorAt: current.lastErrorAt, version: runtime.version)
            health[runtime.name] = fresh
            try world.saveHealth(fresh, at: now)
        }
        let unsaved = timerSchedule.filter { savedTimers[$0.key] == nil }
        if !unsaved.isEmpty {
            try world.saveTimers(unsaved, ranAt: nil)
            for (key, next) in unsaved { savedTimers[key] = next }
        }
    }

    // MARK: Dispatch

    /// Runs every hook for `event`, in config order, then the notifiers for `message_sent`.
    /// A hook that fails is reported; the others still run.
    public func dispatch(_ event: Event) {
        guard !event.name.isReport else { return }
        // Built on first use: most events reach no hook at all.
        lazy var table = PolicyValues.event(event)
        for runtime in runtimes where !isQuarantined(runtime) {
            let call = PolicyCall(actor: runtime.actor, actionDepth: event.depth + 1)
            let seq = event.seq ?? 0
            if !skipped.isEmpty, skipped.remove(Skip(policy: runtime.name, seq: seq)) != nil { continue }
            var budget = Budget(total: limits.instructionsPerEvent, scope: .event(seq))
            for hook in runtime.hooks where hook.event == event.name {
                guard !isQuarantined(runtime), budget.allows(runtime, in: self) else { break }
                invoke(
                    hook.function, [runtime.strictEvent(table)], in: runtime, call: call, site: .hook(event.name, seq: seq),
                    budget: &budget)
            }
            if event.name == .messageSent, let notifier = runtime.notifier, budget.allows(runtime, in: self) {
                invoke(
                    notifier, [runtime.strictMessage(PolicyValues.message(event))], in: runtime, call: call, site: .notifier(seq: seq),
                    budget: &budget)
            }
        }
    }

    /// What is left of a budget shared by several calls of one policy (its hooks for one event,
    /// its timers of one tick).
    struct Budget {
        /// What the budget is shared by (the text is only built when it is used up).
        enum Scope {
            case call
            case event(Int64)
            case tick(Date)
        }

        var left: Int
        let total: Int
        let scope: Scope
        private var reported = false

        init(total: Int, scope: Scope) {
            self.left = total
            self.total = total
            self.scope = scope
        }

        /// Whether another call may start; the first refusal is reported as a failure.
        mutating func allows(_ runtime: PolicyRuntime, in policies: PolicySet) -> Bool {
            if left > 0 { return true }
            if !reported {
                reported = true
                let (what, per): (String, String)
                switch scope {
                case .call: (what, per) = ("call", "per-call")
                case .event(let seq): (what, per) = ("hooks of event \(seq)", "per-event")
                case .tick(let at): (what, per) = ("timers due at \(at.iso8601)", "per-tick")
                }
                policies.fail(
                    runtime, what: what,
                    message:
                        "its calls used the \(per) budget of \(total) instructions; the rest were not run (do less per call, or use fewer hooks or timers for one moment)",
                    depth: 0)
            }
            return false
        }
    }

    func isQuarantined(_ runtime: PolicyRuntime) -> Bool {
        health[runtime.name]?.state == .quarantined
    }

    /// Calls into a runtime for `call`, recording success or failure.
    @discardableResult
    func invoke(
        _ function: LuaFunction, _ arguments: [LuaValue], in runtime: PolicyRuntime, call: PolicyCall,
        site: PolicyCallSite
    ) -> [LuaValue]? {
        var unlimited = Budget(total: limits.instructionsPerCall, scope: .call)
        return invoke(function, arguments, in: runtime, call: call, site: site, budget: &unlimited)
    }

    /// Same, within what is left of `budget` (the call gets at most its per-call budget), under
    /// the watchdog.
    @discardableResult
    func invoke(
        _ function: LuaFunction, _ arguments: [LuaValue], in runtime: PolicyRuntime, call: PolicyCall,
        site: PolicyCallSite, budget: inout Budget
    ) -> [LuaValue]? {
        let allowed = min(limits.instructionsPerCall, max(1, budget.left))
        defer { budget.left -= runtime.lua.instructionsUsed }
        let results: [LuaValue]
        do {
            results = try watched(runtime, site: site) { () throws(LuaError) in
                try runtime.calling(call) { () throws(LuaError) in
                    try runtime.lua.call(function, arguments, budget: allowed)
                }
            }
        } catch {
            fail(runtime, what: site.description, message: error.message, depth: call.actionDepth - 1)
            // Kept as far as the call got (like its actions); a second failure is not counted for it.
            saveMemory(of: runtime, reporting: false)
            return nil
        }
        // A memory that cannot be saved is the call's failure, but what the call returned still holds.
        guard saveMemory(of: runtime) else { return results }
        if let current = health[runtime.name], current.failures > 0 {
            setHealth(
                PolicyHealth(
                    name: runtime.name, state: .ok, failures: 0,
                    lastError: current.lastError, lastErrorAt: current.lastErrorAt, version: runtime.version))
        }
        return results
    }

    /// Saves the runtime's `memory` if a call changed it (what a failing call changed before it
    /// failed is kept too, as its actions are). Returns false when it could not be saved, which is
    /// reported as a failure of the policy when `reporting` (else only logged).
    @discardableResult
    private func saveMemory(of runtime: PolicyRuntime, reporting: Bool = true) -> Bool {
        guard let writer = runtime.memoryWriter else { return true }
        let text: String
        do {
            let written = try watched(runtime, site: .memory) { () throws(LuaError) in
                try runtime.lua.call(writer, budget: limits.instructionsPerCall)
            }
            text = written.first?.stringValue ?? "{}"
        } catch {
            // The writer is the prelude's: its line would say nothing to the policy's author.
            let message = error.message
                .replacingOccurrences(of: "^\(Prelude.path):[0-9]+: ", with: "", options: .regularExpression)
                .replacingOccurrences(of: " \\(in the function defined at \(Prelude.path):[0-9]+\\)", with: "", options: .regularExpression)
            failSaving(runtime, message, reporting: reporting)
            return false
        }
        guard text != (runtime.savedMemory ?? "{}") else { return true }
        guard text.utf8.count <= limits.memoryKeptBytes else {
            failSaving(
                runtime,
                "memory holds \(text.utf8.count) bytes, more than the \(limits.memoryKeptBytes) it may keep: forget what is no longer needed (it was not saved)",
                reporting: reporting)
            return false
        }
        do {
            try world.saveMemory(text, of: runtime.name, at: clock.now)
            runtime.savedMemory = text
            return true
        } catch {
            log(.error, "cannot save the memory of \(runtime.name): \(error)")
            return false
        }
    }

    private func failSaving(_ runtime: PolicyRuntime, _ message: String, reporting: Bool) {
        if reporting {
            fail(runtime, what: "saving memory", message: message, depth: 0)
        } else {
            log(.error, "\(runtime.kind.rawValue) \(runtime.name): saving memory failed: \(message)")
        }
    }

    /// Runs `body` (one call into `runtime`'s Lua) watched by the watchdog.
    func watched<T>(_ runtime: PolicyRuntime, site: PolicyCallSite, _ body: () throws(LuaError) -> T) throws(LuaError) -> T {
        let id = watchdog.begin(policy: runtime.name, site: site, interrupter: runtime.lua.interrupter)
        defer { watchdog.end(id) }
        return try body()
    }

    /// After a restart, the hook the watchdog could not stop is not run again for that event:
    /// it is reported as a failure instead.
    public func skip(_ stuck: Watchdog.StuckCall) {
        guard let runtime = runtime(named: stuck.policy) else { return }
        if let seq = stuck.site.eventSeq { skipped.insert(Skip(policy: stuck.policy, seq: seq)) }
        fail(
            runtime, what: stuck.site.description,
            message:
                "the watchdog could not stop it after \(String(format: "%.1f", stuck.seconds)) s, so the daemon exited; after the restart its hooks are not run for this event",
            depth: 0)
    }

    /// Reports a failure: the daemon's log, a `policy_error` event, and quarantine after too many.
    func fail(_ runtime: PolicyRuntime, what: String, message: String, depth: Int) {
        let now = clock.now
        var current = health(of: runtime.name)
        let wasQuarantined = current.state == .quarantined
        current.failures += 1
        current.version = runtime.version
        current.lastError = "\(what): \(message)"
        current.lastErrorAt = now
        current.state = current.failures >= Self.quarantineAfter ? .quarantined : .failing
        setHealth(current)
        log(.error, "\(runtime.kind.rawValue) \(runtime.name): \(what) failed: \(message)")
        var events = [Event(at: now, name: .policyError, actor: runtime.actor, reason: what, detail: .failure(message))]
        if current.state == .quarantined && !wasQuarantined {
            log(
                .error,
                "\(runtime.kind.rawValue) \(runtime.name) quarantined after \(current.failures) consecutive failures; it stays off until its file or settings change or the daemon reloads"
            )
            events.append(
                Event(
                    at: now, name: .policyError, actor: runtime.actor, reason: "quarantine",
                    detail: .failure(
                        "quarantined after \(current.failures) consecutive failures, until its file or settings change or the daemon reloads"
                    )))
        }
        for index in events.indices { events[index].depth = max(0, depth) }
        do {
            try world.record(events)
        } catch {
            log(.error, "cannot journal the failure of \(runtime.name): \(error)")
        }
    }

    private func setHealth(_ value: PolicyHealth) {
        health[value.name] = value
        do {
            try world.saveHealth(value, at: clock.now)
        } catch {
            log(.error, "cannot save the health of \(value.name): \(error)")
        }
    }

    // MARK: Logging

    public enum LogLevel: String {
        case info, warn, error

        var swiftLog: Logger.Level {
            switch self {
            case .info: return .info
            case .warn: return .warning
            case .error: return .error
            }
        }
    }

    /// A policy's own log line (`log.*`, `print`): cut at ``PolicyLimits/logLineBytes``, and at most
    /// ``PolicyLimits/logLinesPerMinute`` per policy (the rest are counted and the count logged).
    func policyLog(_ level: LogLevel, _ text: String, from runtime: PolicyRuntime, prefix: String) {
        let minute = Int(clock.now.timeIntervalSince1970 / 60)
        if runtime.logWindow.minute != minute {
            if runtime.logWindow.dropped > 0 {
                log(.warn, "\(prefix)\(runtime.logWindow.dropped) log line(s) dropped: at most \(limits.logLinesPerMinute) per minute")
            }
            runtime.logWindow = (minute, 0, 0)
        }
        guard runtime.logWindow.written < limits.logLinesPerMinute else {
            runtime.logWindow.dropped += 1
            return
        }
        runtime.logWindow.written += 1
        log(level, prefix + Self.cut(text, to: limits.logLineBytes, saying: "log line"))
    }

    /// `text` cut to at most `limit` bytes of UTF-8 (at a character boundary), saying so.
    static func cut(_ text: String, to limit: Int, saying what: String) -> String {
        let bytes = text.utf8.count
        guard bytes > limit else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= limit else { break }
            kept.append(character)
            used += size
        }
        return kept + " […] (\(what) cut from \(bytes) to \(limit) bytes)"
    }

    func log(_ level: LogLevel, _ message: String) {
        logger.log(level: level.swiftLog, "\(message)")
    }
}
