import Foundation
import Logging
import Lua
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
    let logger: Logger
    let calendar: Calendar
    /// Policies in config order, then plugins in config order.
    public private(set) var runtimes: [PolicyRuntime] = []
    private var health: [String: PolicyHealth]
    /// Timers' next runs as last saved, by key: a timer registered again resumes its schedule.
    var savedTimers: [String: Date]

    /// Actions taken while handling an event this deep are refused: a cascade is cut.
    public static let maxCascadeDepth = 8
    /// Consecutive failures after which a policy is quarantined until the next reload.
    public static let quarantineAfter = 5

    /// Loads every policy and plugin the config enables. Loading writes nothing: the daemon saves
    /// what it must (see `StationDaemon`).
    ///
    /// - Parameter saved: the daemon's saved timers and health, to resume from.
    /// - Throws: ``StationConfig/ConfigError`` naming the file and line of the first problem.
    public init(
        config: StationConfig, world: any PolicyWorld, clock: any WallClock,
        library: PolicyLibrary? = nil, logger: Logger = Logger(label: "stationkeeper"),
        calendar: Calendar = .current, saved: SavedPolicyState = SavedPolicyState()
    ) throws(ConfigError) {
        self.config = config
        self.world = world
        self.clock = clock
        self.logger = logger
        self.calendar = calendar
        health = saved.health
        savedTimers = saved.timers
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
    public static func check(
        file: String, kind: PolicyKind = .policy, config: StationConfig,
        clock: any WallClock = SystemClock()
    ) throws(ConfigError) -> PolicyRuntime {
        let policies = try PolicySet(
            config: StationConfig(path: config.path, layout: config.layout),
            world: CheckWorld(), clock: clock)
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

    /// What the daemon does with a set it loaded (at start and on reload): failing and quarantined
    /// policies become `ok` again (their last error is kept), and the schedule of every timer not
    /// saved yet is saved, through the world. A set that is only looked at never calls this.
    /// - Returns: the set itself, for chaining after loading.
    /// - Throws: what the world's saving threw; the set is then closed.
    @discardableResult
    public func startAfresh() throws -> PolicySet {
        do {
            try saveFreshState()
        } catch {
            close()
            throw error
        }
        return self
    }

    private func saveFreshState() throws {
        let now = clock.now
        for runtime in runtimes {
            guard let current = health[runtime.name], current.state != .ok else { continue }
            let fresh = PolicyHealth(
                name: runtime.name, state: .ok, failures: 0,
                lastError: current.lastError, lastErrorAt: current.lastErrorAt)
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
        guard event.name != .policyError && event.name != .pluginExec else { return }
        // Built on first use: most events reach no hook at all.
        lazy var table = PolicyValues.event(event)
        for runtime in runtimes where !isQuarantined(runtime) {
            let call = PolicyCall(actor: runtime.actor, actionDepth: event.depth + 1)
            for hook in runtime.hooks where hook.event == event.name {
                guard !isQuarantined(runtime) else { break }
                invoke(hook.function, [table], in: runtime, call: call) {
                    "hook \(event.name.rawValue) (event \(event.seq ?? 0))"
                }
            }
            if event.name == .messageSent, let notifier = runtime.notifier {
                invoke(notifier, [PolicyValues.message(event)], in: runtime, call: call) {
                    "notifier (event \(event.seq ?? 0))"
                }
            }
        }
    }

    func isQuarantined(_ runtime: PolicyRuntime) -> Bool {
        health[runtime.name]?.state == .quarantined
    }

    /// Calls into a runtime for `call`, recording success or failure. `what` names the call in a
    /// report and is only built when the call fails.
    @discardableResult
    func invoke(
        _ function: LuaFunction, _ arguments: [LuaValue], in runtime: PolicyRuntime, call: PolicyCall,
        what: () -> String
    ) -> [LuaValue]? {
        do {
            let results = try runtime.calling(call) { () throws(LuaError) in try runtime.lua.call(function, arguments) }
            if let current = health[runtime.name], current.failures > 0 {
                setHealth(
                    PolicyHealth(
                        name: runtime.name, state: .ok, failures: 0,
                        lastError: current.lastError, lastErrorAt: current.lastErrorAt))
            }
            return results
        } catch {
            fail(runtime, what: what(), message: error.message, depth: call.actionDepth - 1)
            return nil
        }
    }

    /// Reports a failure: the daemon's log, a `policy_error` event, and quarantine after too many.
    func fail(_ runtime: PolicyRuntime, what: String, message: String, depth: Int) {
        let now = clock.now
        var current = health(of: runtime.name)
        current.failures += 1
        current.lastError = "\(what): \(message)"
        current.lastErrorAt = now
        current.state = current.failures >= Self.quarantineAfter ? .quarantined : .failing
        setHealth(current)
        log(.error, "\(runtime.kind.rawValue) \(runtime.name): \(what) failed: \(message)")
        var events = [Event(at: now, name: .policyError, actor: runtime.actor, reason: what, detail: .failure(message))]
        if current.state == .quarantined {
            log(
                .error,
                "\(runtime.kind.rawValue) \(runtime.name) quarantined after \(current.failures) consecutive failures; it stays off until the config is reloaded"
            )
            events.append(
                Event(
                    at: now, name: .policyError, actor: runtime.actor, reason: "quarantine",
                    detail: .failure("quarantined after \(current.failures) consecutive failures, until the next reload")))
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

    func log(_ level: LogLevel, _ message: String) {
        logger.log(level: level.swiftLog, "\(message)")
    }
}
