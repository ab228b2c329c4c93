import Foundation
import Logging
import Lua
import SessionEngine
import SessionStore
import StationConfig

/// Every policy and plugin of a config, loaded once, with their hooks and timers.
///
/// The daemon keeps one host per config version: a reload builds a new host and closes the
/// old one, which unhooks everything the old version registered.
///
/// ```swift
/// let host = try PolicyHost(config: config, store: store, clock: SystemClock())
/// host.dispatch(event)        // hooks, in config order
/// host.runDueTimers()         // timers whose time has come
/// ```
public final class PolicyHost {
    public let config: StationConfig
    let store: SessionStore?
    public let clock: any Clock
    let logger: Logger
    let calendar: Calendar
    /// Policies in config order, then plugins in config order.
    public private(set) var runtimes: [PolicyRuntime] = []
    private var health: [String: PolicyHealth] = [:]
    private var storedTimers: [String: Date] = [:]
    /// Cascade depth of the event being handled; actions take `depth + 1`.
    var depth = 0
    /// `admin` while a plugin command runs from `stationctl`; otherwise the runtime's own actor.
    var actorOverride: Actor?
    /// Loaded only to be looked at (`stationctl policies`): writes nothing to the store.
    let inspecting: Bool
    /// In a simulation: programs plugins would run are journaled, not run.
    let simulating: Bool

    /// Actions taken while handling an event this deep are refused: a cascade is cut.
    public static let maxCascadeDepth = 8
    /// Consecutive failures after which a policy is quarantined until the next reload.
    public static let quarantineAfter = 5

    /// Loads every policy and plugin the config enables.
    ///
    /// - Parameter store: `nil` to check files without touching any store (queries then fail).
    /// - Throws: ``StationConfig/ConfigError`` naming the file and line of the first problem.
    public init(config: StationConfig, store: SessionStore?, clock: any Clock,
                library: PolicyLibrary? = nil, logger: Logger = Logger(label: "stationkeeper"),
                calendar: Calendar = .current, inspecting: Bool = false, simulating: Bool = false) throws(ConfigError) {
        self.inspecting = inspecting
        self.simulating = simulating
        self.config = config
        self.store = store
        self.clock = clock
        self.logger = logger
        self.calendar = calendar
        let library = library ?? PolicyLibrary.forConfig(at: config.path)
        do {
            storedTimers = try store?.timerSchedule() ?? [:]
            health = try store?.policyHealth() ?? [:]
        } catch {
            throw ConfigError("cannot read the daemon's state from the store: \(error)")
        }
        do throws(ConfigError) {
            for (kind, declaration) in config.declarations {
                let file = try library.file(kind, named: declaration.name, declaredAt: declaration)
                runtimes.append(try PolicyRuntime(name: declaration.name, kind: kind, file: file,
                                                  declaration: declaration, host: self))
            }
        } catch {
            close()
            throw error
        }
        // A reload starts every policy afresh.
        for runtime in runtimes where !inspecting && health[runtime.name].map({ $0.state != .ok }) == true {
            setHealth(PolicyHealth(name: runtime.name, state: .ok, failures: 0,
                                   lastError: health[runtime.name]?.lastError, lastErrorAt: health[runtime.name]?.lastErrorAt))
        }
    }

    /// Loads one file as a policy, outside any config, to check it.
    public static func check(file: String, kind: PolicyRuntime.Kind = .policy, config: StationConfig,
                             clock: any Clock = SystemClock()) throws(ConfigError) -> PolicyRuntime {
        let host = try PolicyHost(config: StationConfig(path: config.path, layout: config.layout), store: nil, clock: clock)
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let declaration = (kind == .policy ? config.policies : config.plugins).first { $0.name == name }
        let runtime = try PolicyRuntime(name: name, kind: kind, file: file, declaration: declaration, host: host)
        host.runtimes.append(runtime)
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

    /// A policy's health as this host sees it.
    public func health(of name: String) -> PolicyHealth {
        health[name] ?? PolicyHealth(name: name, state: .ok, failures: 0)
    }

    // MARK: Dispatch

    /// Runs every hook for `event`, in config order, then the notifiers for `message_sent`.
    /// A hook that fails is reported; the others still run.
    public func dispatch(_ event: Event) {
        guard event.name != .policyError && event.name != .pluginExec else { return }
        // Built on first use: most events reach no hook at all.
        lazy var table = HostValues.event(event)
        depth = event.depth
        defer { depth = 0 }
        for runtime in runtimes where !isQuarantined(runtime) {
            for hook in runtime.hooks where hook.event == event.name {
                guard !isQuarantined(runtime) else { break }
                invoke(hook.function, [table], in: runtime) { "hook \(event.name.rawValue) (event \(event.seq ?? 0))" }
            }
            if event.name == .messageSent, let notifier = runtime.notifier {
                let message = HostValues.table([
                    "session": event.session.map { .int($0) }, "user": HostValues.string(event.user),
                    "computer": HostValues.string(event.computer), "station": HostValues.string(event.station),
                    "text": HostValues.string(event.detail), "at": HostValues.time(event.at),
                    "actor": .string(event.actor.rawValue),
                ])
                invoke(notifier, [message], in: runtime) { "notifier (event \(event.seq ?? 0))" }
            }
        }
    }

    private func isQuarantined(_ runtime: PolicyRuntime) -> Bool {
        health[runtime.name]?.state == .quarantined
    }

    /// Calls into a runtime, recording success or failure. `what` names the call in a report and
    /// is only built when the call fails.
    @discardableResult
    func invoke(_ function: LuaFunction, _ arguments: [LuaValue], in runtime: PolicyRuntime,
                what: () -> String) -> [LuaValue]? {
        do {
            let results = try runtime.lua.call(function, arguments)
            if let current = health[runtime.name], current.failures > 0 {
                setHealth(PolicyHealth(name: runtime.name, state: .ok, failures: 0,
                                       lastError: health[runtime.name]?.lastError, lastErrorAt: health[runtime.name]?.lastErrorAt))
            }
            return results
        } catch {
            fail(runtime, what: what(), message: error.message)
            return nil
        }
    }

    /// Reports a failure: the daemon's log, a `policy_error` event, and quarantine after too many.
    func fail(_ runtime: PolicyRuntime, what: String, message: String) {
        let now = clock.now
        var current = health(of: runtime.name)
        current.failures += 1
        current.lastError = "\(what): \(message)"
        current.lastErrorAt = now
        current.state = current.failures >= Self.quarantineAfter ? .quarantined : .failing
        setHealth(current)
        log(.error, "\(runtime.kind.rawValue) \(runtime.name): \(what) failed: \(message)")
        var events = [Event(at: now, name: .policyError, actor: runtime.actor, reason: what, detail: message)]
        if current.state == .quarantined {
            log(.error, "\(runtime.kind.rawValue) \(runtime.name) quarantined after \(current.failures) consecutive failures; it stays off until the config is reloaded")
            events.append(Event(at: now, name: .policyError, actor: runtime.actor, reason: "quarantine",
                                detail: "quarantined after \(current.failures) consecutive failures, until the next reload"))
        }
        for index in events.indices { events[index].depth = depth }
        do {
            try store?.record(events)
        } catch {
            log(.error, "cannot journal the failure of \(runtime.name): \(error)")
        }
    }

    private func setHealth(_ value: PolicyHealth) {
        health[value.name] = value
        guard !inspecting else { return }
        do {
            try store?.setPolicyHealth(value, at: clock.now)
        } catch {
            log(.error, "cannot save the health of \(value.name): \(error)")
        }
    }

    // MARK: Timers

    func addTimer(_ spec: TimerSpec, _ callback: LuaValue, to runtime: PolicyRuntime) throws {
        guard case .function(let function) = callback else {
            throw LuaScriptError("\(spec.description.split(separator: " ").first ?? "timer") expects a function as its second argument")
        }
        let timer = runtime.addTimer(spec, function, now: clock.now, calendar: calendar, stored: storedTimers)
        if case .after = spec { return }
        if storedTimers[timer.key] == nil && !inspecting {
            storedTimers[timer.key] = timer.next
            do {
                try store?.setTimer(timer.key, next: timer.next)
            } catch {
                log(.error, "cannot save timer \(timer.key): \(error)")
            }
        }
    }

    /// The earliest time a timer is due, if any.
    public var nextTimerDue: Date? {
        runtimes.filter { health(of: $0.name).state != .quarantined }
            .flatMap(\.timers).map(\.next).min()
    }

    /// When each timer of a runtime runs next, for `stationctl policies`.
    public func timerSchedule(of runtime: PolicyRuntime) -> [(description: String, next: Date)] {
        runtime.timers.map { ($0.spec.description, $0.next) }
    }

    /// Runs every timer whose time has come, once each however many runs were missed. The next
    /// runs are saved (in one transaction) before any callback runs, so a crash never runs a tick
    /// twice; a failing callback keeps its schedule.
    /// - Returns: how many callbacks ran.
    @discardableResult
    public func runDueTimers() -> Int {
        let now = clock.now
        var due: [(runtime: PolicyRuntime, timer: PolicyRuntime.Timer)] = []
        var schedule: [(key: String, next: Date)] = []
        for runtime in runtimes where health(of: runtime.name).state != .quarantined {
            for (index, timer) in runtime.timers.enumerated() where timer.next <= now {
                due.append((runtime, timer))
                if case .after = timer.spec { continue }
                let next = timer.spec.next(after: now, calendar: calendar)
                runtime.timers[index].next = next
                storedTimers[timer.key] = next
                schedule.append((timer.key, next))
            }
            runtime.timers.removeAll { timer in
                if case .after = timer.spec { return timer.next <= now }
                return false
            }
        }
        guard !due.isEmpty else { return 0 }
        if !inspecting {
            do {
                try store?.setTimers(schedule, ranAt: now)
            } catch {
                log(.error, "cannot save the timers' schedule: \(error)")
            }
        }
        var ran = 0
        for (runtime, timer) in due where health(of: runtime.name).state != .quarantined {
            if let grace = timer.spec.grace, now.timeIntervalSince(timer.next) > grace {
                log(.warn, "\(runtime.name): skipped \(timer.spec) due at \(timer.next.formatted(.iso8601)): missed by more than its grace window")
                continue
            }
            depth = 0
            invoke(timer.function, [], in: runtime) { "timer \(timer.spec)" }
            ran += 1
        }
        return ran
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

    func log(_ level: LogLevel, _ message: String) {
        logger.log(level: level.swiftLog, "\(message)")
    }
}
