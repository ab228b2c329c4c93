import Foundation
import Lua
import SchoolCalendar
import SessionEngine
import StationConfig

/// One loaded policy or plugin: its own sandboxed Lua state and what its file registered.
///
/// Registrations live here, in the engine, not in Lua variables: nothing has to be kept alive
/// by the script, and closing the runtime on reload unhooks everything it registered.
public final class PolicyRuntime {
    public let name: String
    public let kind: PolicyKind
    /// The Lua file it was loaded from.
    public let file: String
    public let declaration: StationConfig.Declaration?
    let lua: LuaState
    private(set) var hooks: [(event: EventName, function: LuaFunction)] = []
    public internal(set) var timers: [PolicyTimer] = []
    private(set) var actions: [String: LuaFunction] = [:]
    private(set) var notifier: LuaFunction?
    private(set) var commands: [PluginCommand] = []
    /// Problems found while loading that are the config's fault (unknown or mistyped settings).
    var settingProblems: [String] = []
    var declaredDefaults = false
    private var timerOrdinals: [String: Int] = [:]
    /// This minute's log lines, for the log rate limit: the minute, lines written, lines dropped.
    var logWindow: (minute: Int, written: Int, dropped: Int) = (0, 0, 0)
    /// The hook, timer, action or command running now; `nil` while the file loads.
    public private(set) var currentCall: PolicyCall?
    /// Which version of the policy this is: a digest of its file and its settings.
    public let version: String
    /// The prelude's function that writes `memory` as text; `nil` when the file never names it.
    private(set) var memoryWriter: LuaFunction?
    /// What ``PolicyChecker`` found in the file before it loaded (`policies check` reports them).
    public let problems: [PolicyProblem]
    /// `memory` as last saved (or read back at load).
    var savedMemory: String?
    /// The prelude's strict metatables for the tables hooks and notifiers receive, kept in this
    /// state's registry.
    private var eventMetatable: LuaMetatable?
    private var messageMetatable: LuaMetatable?

    /// Instructions one hook or timer call may run, and the memory one policy may hold, by default.
    public static let limits = PolicyLimits.standard.lua

    /// The actor its actions (and failures) are journaled with.
    public var actor: Actor { .policy(name) }

    /// Event names this runtime hooks, in registration order, without repeats.
    public var hookedEvents: [EventName] {
        var seen = Set<EventName>()
        return hooks.map(\.event).filter { seen.insert($0).inserted }
    }

    public var timerDescriptions: [String] { timers.map(\.spec.description) }
    public var actionNames: [String] { actions.keys.sorted() }
    public var isNotifier: Bool { notifier != nil }
    public var pluginCommands: [PluginCommand] { commands }

    init(
        name: String, kind: PolicyKind, file: String, declaration: StationConfig.Declaration?,
        policies: PolicySet
    ) throws(ConfigError) {
        self.name = name
        self.kind = kind
        self.file = file
        self.declaration = declaration
        let source = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
        version = Self.version(of: source, settings: declaration?.settings)
        savedMemory = policies.savedMemory[name]
        let findings = PolicyChecker.analyze(source: String(decoding: source, as: UTF8.self), file: file, kind: kind)
        problems = findings.problems
        // What `policies check` refuses, every load refuses, with the same message.
        if policies.vetting, let problem = findings.problems.first(where: { $0.severity == .error }) {
            throw ConfigError(problem.message, at: LuaLocation(file: file, line: problem.line))
        }
        do {
            lua = try LuaState(limits: policies.limits.lua)
        } catch {
            throw ConfigError(.luaUnavailable, "cannot start Lua for \(kind.rawValue) \(name): \(error.message)")
        }
        lua.printHandler = { [weak policies, unowned self] text in policies?.policyLog(.info, text, from: self, prefix: "\(name): ") }
        let primitives = PolicyAPI(runtime: self, policies: policies).install()
        do {
            // The prelude gets the primitives and the saved memory: policies never see the primitives.
            // The globals the file sets somewhere read as nil until set; any other unknown name raises.
            let fileGlobals = LuaValue.table(
                LuaTable(fields: Dictionary(uniqueKeysWithValues: findings.fileGlobals.map { ($0, .bool(true)) })))
            let prelude = try lua.call(
                lua.load(Prelude.source, path: Prelude.path), [primitives, savedMemory.map(LuaValue.string) ?? .nil, fileGlobals])
            if case .function(let writer) = prelude.first, source.range(of: Data(PolicyNames.memory.utf8)) != nil {
                memoryWriter = writer
            }
            eventMetatable = lua.keepMetatable(fromGlobal: "__stationkeeper_event")
            messageMetatable = lua.keepMetatable(fromGlobal: "__stationkeeper_message")
            let chunk = try lua.loadFile(file)
            _ = try policies.watched(self, site: .load(file)) { () throws(LuaError) in try lua.call(chunk) }
        } catch {
            lua.close()
            throw ConfigError(error)
        }
        try checkSettings()
    }

    /// A short ``SessionEngine/Digest`` of a policy's file and settings, to notice that it changed.
    static func version(of source: Data, settings: [String: SettingValue]?) -> String {
        var digest = Digest()
        digest.add(source)
        for key in (settings ?? [:]).keys.sorted() {
            digest.add("\n\(key)=\(String(describing: settings?[key]))".utf8)
        }
        return digest.text
    }

    /// An event table as this runtime's hooks get it: with the strict metatable of its state.
    func strictEvent(_ value: LuaValue) -> LuaValue { value.withMetatable(eventMetatable) }

    /// A message table as this runtime's notifier gets it.
    func strictMessage(_ value: LuaValue) -> LuaValue { value.withMetatable(messageMetatable) }

    /// Closes its Lua state; its hooks, timers, actions and commands are gone.
    public func close() {
        hooks = []
        timers = []
        actions = [:]
        notifier = nil
        commands = []
        lua.close()
    }

    /// Runs `body` (a call into this runtime's Lua) as `call`; a nested call restores the outer one.
    func calling<T>(_ call: PolicyCall, _ body: () throws(LuaError) -> T) throws(LuaError) -> T {
        let outer = currentCall
        currentCall = call
        defer { currentCall = outer }
        return try body()
    }

    // MARK: Registration (called by PolicyAPI while the file or a hook runs)

    func addHook(_ event: EventName, _ function: LuaFunction, limit: Int) throws {
        guard hooks.count < limit else {
            throw LuaScriptError("too many hooks: a \(kind.rawValue) may register at most \(limit)")
        }
        hooks.append((event, function))
    }

    func addTimer(
        _ spec: TimerSpec, _ function: LuaFunction, now: Date, calendar: Calendar, school: SchoolCalendar?,
        saved: [String: Date]
    ) -> PolicyTimer {
        let base = "\(name)/\(spec.keyText)"
        let ordinal = timerOrdinals[base, default: 0]
        timerOrdinals[base] = ordinal + 1
        let key = ordinal == 0 ? base : "\(base)#\(ordinal + 1)"
        let next: Date
        switch spec {
        case .after: next = spec.next(after: now, calendar: calendar, school: school)
        // Never run before: a first start at exactly its minute runs it now, not tomorrow.
        case .at: next = saved[key] ?? spec.next(after: now - 1, calendar: calendar, school: school)
        case .every: next = saved[key] ?? spec.next(after: now, calendar: calendar, school: school)
        }
        let timer = PolicyTimer(spec: spec, function: function, key: key, next: next)
        timers.append(timer)
        return timer
    }

    func addAction(_ name: String, _ function: LuaFunction) throws {
        guard actions[name] == nil else { throw LuaScriptError("action '\(name)' is already defined") }
        actions[name] = function
    }

    func setNotifier(_ function: LuaFunction) throws {
        guard notifier == nil else { throw LuaScriptError("this plugin already has a notifier") }
        notifier = function
    }

    func addCommand(_ command: PluginCommand) throws {
        guard !commands.contains(where: { $0.name == command.name }) else {
            throw LuaScriptError("command '\(command.name)' is already defined")
        }
        commands.append(command)
    }
}
