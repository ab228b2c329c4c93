import Foundation
import Lua
import SessionEngine
import StationConfig

/// One loaded policy or plugin: its own sandboxed Lua state and what its file registered.
///
/// Registrations live here, in the engine, not in Lua variables: nothing has to be kept alive
/// by the script, and closing the runtime on reload unhooks everything it registered.
public final class PolicyRuntime {
    public enum Kind: String, Sendable {
        case policy, plugin

        /// Where files of this kind live, beside the config or among the bundled ones.
        public var folder: String { self == .policy ? "policies" : "plugins" }
    }

    /// A timer as registered: when it fires and what it calls.
    struct Timer {
        var spec: TimerSpec
        var function: LuaFunction
        var key: String
        var next: Date
    }

    public let name: String
    public let kind: Kind
    /// The Lua file it was loaded from.
    public let file: String
    public let declaration: StationConfig.Declaration?
    let lua: LuaState
    private(set) var hooks: [(event: EventName, function: LuaFunction)] = []
    var timers: [Timer] = []
    private(set) var actions: [String: LuaFunction] = [:]
    private(set) var notifier: LuaFunction?
    private(set) var commands: [PluginCommand] = []
    /// Problems found while loading that are the config's fault (unknown or mistyped settings).
    private var settingProblems: [String] = []
    private var declaredDefaults = false
    private var timerOrdinals: [String: Int] = [:]

    /// Instructions one hook or timer call may run, and the memory one policy may hold.
    public static let limits = LuaLimits(memoryBytes: 16 << 20, instructionsPerCall: 2_000_000)

    /// The actor its actions are journaled with.
    var actor: Actor { .policy(name) }

    /// Event names this runtime hooks, in registration order, without repeats.
    public var hookedEvents: [EventName] {
        var seen = Set<EventName>()
        return hooks.map(\.event).filter { seen.insert($0).inserted }
    }

    public var timerDescriptions: [String] { timers.map(\.spec.description) }
    public var actionNames: [String] { actions.keys.sorted() }
    public var isNotifier: Bool { notifier != nil }
    public var pluginCommands: [PluginCommand] { commands }

    init(name: String, kind: Kind, file: String, declaration: StationConfig.Declaration?, host: PolicyHost) throws(ConfigError) {
        self.name = name
        self.kind = kind
        self.file = file
        self.declaration = declaration
        do {
            lua = try LuaState(limits: Self.limits)
        } catch {
            throw ConfigError("cannot start Lua for \(kind.rawValue) \(name): \(error.message)")
        }
        lua.printHandler = { [weak host, name] text in host?.log(.info, "\(name): \(text)") }
        let primitives = HostAPI(runtime: self, host: host).install()
        do {
            // The prelude gets the primitives as its argument: policies never see them.
            _ = try lua.call(lua.load(Prelude.source, path: Prelude.path), [primitives])
            _ = try lua.call(lua.loadFile(file))
        } catch {
            lua.close()
            throw ConfigError(error)
        }
        try checkSettings()
    }

    /// Closes its Lua state; its hooks, timers, actions and commands are gone.
    public func close() {
        hooks = []
        timers = []
        actions = [:]
        notifier = nil
        commands = []
        lua.close()
    }

    // MARK: Registration (called by HostAPI while the file or a hook runs)

    func addHook(_ event: EventName, _ function: LuaFunction) {
        hooks.append((event, function))
    }

    func addTimer(_ spec: TimerSpec, _ function: LuaFunction, now: Date, calendar: Calendar, stored: [String: Date]) -> Timer {
        let base = "\(name)/\(spec)"
        let ordinal = timerOrdinals[base, default: 0]
        timerOrdinals[base] = ordinal + 1
        let key = ordinal == 0 ? base : "\(base)#\(ordinal + 1)"
        let next: Date
        if case .after = spec {
            next = spec.next(after: now, calendar: calendar)
        } else {
            next = stored[key] ?? spec.next(after: now, calendar: calendar)
        }
        let timer = Timer(spec: spec, function: function, key: key, next: next)
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

    // MARK: Settings

    /// `defaults{…}`: checks the config's settings against the declared defaults, returns the merged table.
    func declareDefaults(_ defaults: LuaTable) throws -> LuaTable {
        guard !declaredDefaults else { throw LuaScriptError("defaults{} may be called once") }
        declaredDefaults = true
        guard defaults.array.isEmpty, defaults.otherKeys.isEmpty else {
            throw LuaScriptError("defaults expects named settings, for example defaults{ after = \"2h\" }")
        }
        var merged = defaults
        let given = declaration?.settings ?? [:]
        for key in given.keys.sorted() {
            guard let value = given[key] else { continue }
            guard let fallback = defaults.fields[key] else {
                let allowed = defaults.fields.keys.sorted().joined(separator: ", ")
                settingProblems.append("unknown setting '\(key)' (allowed: \(allowed.isEmpty ? "none" : allowed))")
                continue
            }
            if let problem = Self.typeProblem(key: key, value: value, fallback: fallback) {
                settingProblems.append(problem)
                continue
            }
            // A list setting may be given as one word: days = "weekdays" for days = { "weekdays" }.
            if case .table = fallback, case .string = value {
                merged.fields[key] = .table(LuaTable(array: [value.luaValue]))
            } else {
                merged.fields[key] = value.luaValue
            }
        }
        return merged
    }

    private static func typeProblem(key: String, value: SettingValue, fallback: LuaValue) -> String? {
        switch (fallback, value) {
        case (.string(let text), .string(let given)):
            if (try? Durations.seconds(text)) != nil, (try? Durations.seconds(given)) == nil {
                return "setting '\(key)' must be a duration such as \"90s\", \"5m\", \"2h\" or \"1h30m\", not \"\(given)\""
            }
            return nil
        case (.int, .int), (.int, .number), (.number, .int), (.number, .number), (.bool, .bool),
             (.table, .list), (.table, .map), (.table, .string):
            return nil
        case (.string(let text), _) where (try? Durations.seconds(text)) != nil:
            return "setting '\(key)' must be a duration such as \"90s\", \"5m\", \"2h\" or \"1h30m\", not a \(value.typeName)"
        default:
            let expected = fallback.typeName == "table" ? "list or table" : fallback.typeName
            return "setting '\(key)' must be a \(expected), not a \(value.typeName)"
        }
    }

    private func checkSettings() throws(ConfigError) {
        if !declaredDefaults, let given = declaration?.settings, let key = given.keys.sorted().first {
            settingProblems.append("unknown setting '\(key)': this \(kind.rawValue) declares no settings")
        }
        guard let problem = settingProblems.first else { return }
        lua.close()
        throw ConfigError("\(kind.rawValue) \"\(name)\": \(problem)", at: declaration?.location)
    }
}

/// A command a plugin adds to `stationctl`.
public struct PluginCommand {
    public var name: String
    public var summary: String
    public var usage: String
    public var help: String
    var function: LuaFunction
}
