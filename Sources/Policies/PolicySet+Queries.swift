import Foundation
import Lua
import SessionEngine

/// What policies ask of the engine, and what they read, through the set's ``PolicyWorld``.
extension PolicySet {
    /// Why an action taken while a file loads is refused: the file is also loaded by listings,
    /// plugin commands and every reload.
    static let notWhileLoading = "actions are not available while a file loads: act in a hook, a timer or a command"

    /// A verb method (`s:lock()`, `c:shutdown{…}`): returns `true, count` or `nil, why` (refusals are not errors).
    func act(_ verb: Verb, target: LuaValue, argument: LuaValue, for runtime: PolicyRuntime) throws -> [LuaValue] {
        var argument = argument
        if verb.row.argument == .text, case .string(let text) = argument, text.utf8.count > limits.messageBytes {
            argument = .string(Self.cut(text, to: limits.messageBytes, saying: "message"))
            log(.warn, "\(runtime.kind.rawValue) \(runtime.name): a message of \(text.utf8.count) bytes was cut to \(limits.messageBytes)")
        }
        let (command, reason) = try VerbBinding.command(verb, target: target, argument: argument, now: clock.now)
        return perform(command, reason: reason ?? "\(runtime.kind.rawValue) \(runtime.name)", for: runtime)
    }

    /// Runs a command for the runtime's current call under the site's guards.
    func perform(_ command: Command, reason: String, for runtime: PolicyRuntime) -> [LuaValue] {
        guard let call = runtime.currentCall else { return [.nil, .string(Self.notWhileLoading)] }
        // Quarantined while this call runs: its remaining actions are refused without more reports.
        if isQuarantined(runtime), !call.actor.isAdmin {
            return [.nil, .string("\(runtime.kind.rawValue) \(runtime.name) is quarantined")]
        }
        if call.actionDepth > Self.maxCascadeDepth {
            let message = "cascade cut: this action would be \(call.actionDepth) policy actions deep (limit \(Self.maxCascadeDepth))"
            fail(runtime, what: "action", message: message, depth: call.actionDepth - 1)
            return [.nil, .string(message)]
        }
        switch watchdog.uncounted({ world.perform(command, call: call, reason: reason) }) {
        case .done(let events): return [.bool(true), .int(Int64(events))]
        case .refused(let message): return [.nil, .string(message)]
        case .limited(let message):
            fail(runtime, what: "action", message: message, depth: call.actionDepth - 1)
            return [.nil, .string(message)]
        case .failed(let message):
            log(.error, "\(runtime.name): store error: \(message)")
            return [.nil, .string("store error: \(message)")]
        }
    }

    // MARK: Queries

    /// How many rows of about `rowBytes` each the calling policy's memory can still hold: a query
    /// asks the world for one more, so that a result too large is refused before it is built.
    private func rowsAffordable(by runtime: PolicyRuntime, rowBytes: Int) -> Int {
        min(1_000_000, runtime.lua.memoryLeft / rowBytes + 1)
    }

    private func tooMany(_ api: String, _ what: String, over count: Int) -> LuaScriptError {
        LuaScriptError(
            "\(api) matches more \(what) than this policy's memory can hold (over \(count)): narrow the filter, for example by computer")
    }

    func querySessions(_ value: LuaValue, for runtime: PolicyRuntime) throws -> [LuaValue] {
        var filter = try Self.sessionFilter(Self.filterTable(value, api: "sessions"), now: clock.now)
        let now = filter.now
        let affordable = rowsAffordable(by: runtime, rowBytes: 1024)
        filter.limit = affordable + 1
        let found = try reading("sessions()", by: runtime) { try world.sessions(filter) }
        guard found.count <= affordable else { throw tooMany("sessions{}", "sessions", over: affordable) }
        return [.table(LuaTable(array: found.map { PolicyValues.session($0, now: now) }))]
    }

    /// The filters `sessions(…)` or `stations(…)` was given: a table, or none; anything else is refused.
    static func filterTable(_ value: LuaValue, api: String) throws -> LuaTable {
        switch value {
        case .nil: return LuaTable()
        case .table(let given): return given
        default:
            let example = api == "sessions" ? "sessions{ state = \"suspended\" }" : "stations{ status = \"blocked\" }"
            throw LuaScriptError("\(api) expects a table of filters, for example \(example)")
        }
    }

    private static func refuseUnknownFilters(_ table: LuaTable, api: String, allowed: [String]) throws {
        guard table.array.isEmpty, table.otherKeys.isEmpty else {
            throw LuaScriptError(
                "\(api): filters are named, for example \(api){ computer = \"LAB-1\" } (allowed: \(allowed.joined(separator: ", ")))")
        }
        if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LuaScriptError("\(api): " + NameSuggestion.unknown("filter", unknown, allowed: allowed))
        }
    }

    /// `sessions{…}`'s filter, checked (also by `policies check`, for a literal table).
    static func sessionFilter(_ table: LuaTable, now: Date) throws -> SessionFilter {
        try refuseUnknownFilters(table, api: "sessions", allowed: PolicyNames.sessionFilters)
        var filter = SessionFilter(now: now)
        if table["state"] != .nil {
            guard let text = table["state"].stringValue, let state = SessionState(rawValue: text), state != .ended else {
                throw LuaScriptError("sessions: state must be \"active\", \"locked\" or \"suspended\"")
            }
            filter.state = state
        }
        filter.computer = try optionalString(table["computer"], "sessions: computer")
        filter.user = try optionalString(table["user"], "sessions: user")
        if table["idle_longer_than"] != .nil {
            filter.idleLongerThan = try PolicyValues.seconds(table["idle_longer_than"], what: "sessions: idle_longer_than")
        }
        if table["in_state_longer_than"] != .nil {
            filter.inStateLongerThan = try PolicyValues.seconds(table["in_state_longer_than"], what: "sessions: in_state_longer_than")
        }
        return filter
    }

    /// Checks the names of a filter only (`policies check`, for a table whose values are computed).
    static func checkFilterNames(_ api: String, _ names: [String]) throws {
        let allowed = api == "sessions" ? PolicyNames.sessionFilters : PolicyNames.stationFilters
        try refuseUnknownFilters(
            LuaTable(fields: Dictionary(names.map { ($0, LuaValue.bool(true)) }) { first, _ in first }), api: api, allowed: allowed)
    }

    /// Checks `sessions{…}`'s filter only (`policies check`, for a literal table).
    static func checkSessionFilter(_ table: LuaTable) throws {
        _ = try sessionFilter(table, now: Date(timeIntervalSince1970: 0))
    }

    /// `stations{…}`'s filter, checked (also by `policies check`, for a literal table).
    static func stationFilter(_ table: LuaTable) throws -> (computer: String?, status: String?) {
        try refuseUnknownFilters(table, api: "stations", allowed: PolicyNames.stationFilters)
        let computer = try optionalString(table["computer"], "stations: computer")
        let status = try optionalString(table["status"], "stations: status")
        if let status, StationStatus(rawValue: status) == nil {
            throw LuaScriptError("stations: status must be available, in_use, locked or blocked")
        }
        return (computer, status)
    }

    func querySession(_ value: LuaValue, for runtime: PolicyRuntime) throws -> [LuaValue] {
        let ref = try PolicyValues.sessionRef(value, what: "session")
        return [try reading("session()", by: runtime) { try world.session(ref) }.map { PolicyValues.session($0, now: clock.now) } ?? .nil]
    }

    func queryComputer(_ value: LuaValue, for runtime: PolicyRuntime) throws -> [LuaValue] {
        guard case .string(let name) = value else { throw LuaScriptError("computer expects a name") }
        return [try reading("computer()", by: runtime) { try world.computer(named: name) }.map(PolicyValues.computer) ?? .nil]
    }

    func queryComputers(for runtime: PolicyRuntime) throws -> [LuaValue] {
        [.table(LuaTable(array: try reading("computers()", by: runtime) { try world.computers() }.map(PolicyValues.computer)))]
    }

    func queryStations(_ value: LuaValue, for runtime: PolicyRuntime) throws -> [LuaValue] {
        let (computer, status) = try Self.stationFilter(Self.filterTable(value, api: "stations"))
        let stations: [StationInfo]
        do {
            let affordable = rowsAffordable(by: runtime, rowBytes: 768)
            stations = try reading("stations()", by: runtime) { try world.stations(computer: computer, limit: affordable + 1) }
            guard stations.count <= affordable else { throw tooMany("stations{}", "stations", over: affordable) }
        } catch let error as EngineError {
            throw LuaScriptError(error.description)
        }
        let matching = stations.filter { status == nil || $0.status.rawValue == status }
        return [.table(LuaTable(array: matching.map(PolicyValues.station)))]
    }

    /// `station("LAB-1/3")`: the station, or `nil` when its computer or the station does not exist.
    func queryStation(_ value: LuaValue, for runtime: PolicyRuntime) throws -> [LuaValue] {
        let id: StationID
        do {
            guard case .string(let text) = value else { throw EngineError.invalid("not a string") }
            id = try StationID(parsing: text)
        } catch {
            throw LuaScriptError("station expects \"COMPUTER/STATION\", for example \"LAB-1/3\"")
        }
        return [try reading("station()", by: runtime) { try world.station(id) }.map(PolicyValues.station) ?? .nil]
    }

    /// Runs a read of the world for the API function `api` called by `runtime`; a read while its
    /// file loads is refused, and a world that cannot read says so, by name. (Reads stay watched: one read that never returns is what the watchdog is for.)
    private func reading<T>(_ api: String, by runtime: PolicyRuntime, _ body: () throws -> T) throws -> T {
        // Refused in every world, so that `policies check`, `serve` and `simulate` agree.
        guard runtime.currentCall != nil else {
            throw LuaScriptError("\(api) is not available while a file loads: query in a hook, a timer or a command")
        }
        do {
            return try body()
        } catch let unavailable as PolicyWorldUnavailable {
            throw LuaScriptError("\(api) is not available \(unavailable.reason)")
        }
    }

    private static func optionalString(_ value: LuaValue, _ what: String) throws -> String? {
        switch value {
        case .nil: return nil
        case .string(let text): return text
        default: throw LuaScriptError("\(what) must be a string, not \(value.typeName)")
        }
    }

    // MARK: Plugin actions

    /// `actions.NAME{…}`: calls the plugin that added NAME, in its own state and budget, as part of
    /// the caller's call (same actor rules and cascade depth).
    func callAction(_ name: String, _ argument: LuaValue, from caller: PolicyRuntime) throws -> [LuaValue] {
        guard
            let (runtime, function) = runtimes.lazy.compactMap({ runtime in
                runtime.actions[name].map { (runtime, $0) }
            }).first
        else {
            let known = runtimes.flatMap(\.actionNames).sorted()
            throw LuaScriptError(
                "no action '\(name)'"
                    + (known.isEmpty
                        ? ": no plugin adds actions"
                        : "\(NameSuggestion.hint(for: name, in: known)) (actions: \(known.joined(separator: ", ")))"))
        }
        guard let outer = caller.currentCall else {
            return [.nil, .string(Self.notWhileLoading)]
        }
        // An admin's command may still use a quarantined plugin's action: the admin asked for it.
        guard !isQuarantined(runtime) || outer.actor.isAdmin else {
            return [.nil, .string("plugin \(runtime.name) is quarantined")]
        }
        // An admin's command acts as that admin (`admin:NAME`) through the action too.
        let call = PolicyCall(actor: outer.actor.isAdmin ? outer.actor : runtime.actor, actionDepth: outer.actionDepth)
        guard let results = invoke(function, [argument], in: runtime, call: call, site: .action(name)) else {
            return [.nil, .string("action \(name) failed: see the journal's policy_error")]
        }
        return results
    }
}
