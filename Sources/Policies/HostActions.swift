import Foundation
import Lua
import SessionEngine
import SessionStore

/// What policies ask of the engine, and what they read from the store.
extension PolicyHost {
    /// `host.act(verb, target, argument)`: returns `true, count` or `nil, why` (refusals are not errors).
    func act(_ arguments: LuaArguments, for runtime: PolicyRuntime) throws -> [LuaValue] {
        guard case .string(let verb) = arguments[0] else { throw LuaScriptError("act: missing verb") }
        let (command, reason) = try Self.command(verb, target: arguments[1], argument: arguments[2], now: clock.now)
        return perform(command, reason: reason ?? "\(runtime.kind.rawValue) \(runtime.name)", for: runtime)
    }

    /// Runs a command for a runtime under the site's guards.
    func perform(_ command: Command, reason: String, for runtime: PolicyRuntime) -> [LuaValue] {
        guard let store, !inspecting else {
            return [.nil, .string("actions are not available while checking policies")]
        }
        let actor = actorOverride ?? runtime.actor
        if depth + 1 > Self.maxCascadeDepth {
            let message = "cascade cut: this action would be \(depth + 1) policy actions deep (limit \(Self.maxCascadeDepth))"
            fail(runtime, what: "action", message: message)
            return [.nil, .string(message)]
        }
        do {
            let outcome = try store.perform(
                command, actor: actor, reason: reason, at: clock.now, rules: config.rules,
                depth: actorOverride == nil ? depth + 1 : 0, policyLimit: config.policyActionsPerMinute)
            return [.bool(true), .int(Int64(outcome.events.count))]
        } catch let error as EngineError {
            return [.nil, .string(error.description)]
        } catch let error as PolicyLimitError {
            fail(runtime, what: "action", message: error.description)
            return [.nil, .string(error.description)]
        } catch {
            log(.error, "\(runtime.name): store error: \(error)")
            return [.nil, .string("store error: \(error)")]
        }
    }

    static func command(_ verb: String, target: LuaValue, argument: LuaValue, now: Date)
        throws -> (Command, String?)
    {
        switch verb {
        case "lock", "suspend", "sign_out", "terminate", "message":
            let ref = try HostValues.sessionRef(target, what: verb)
            switch verb {
            case "lock": return (.lock(ref), try reason(argument, verb))
            case "suspend": return (.suspend([ref]), try reason(argument, verb))
            case "sign_out": return (.signOut(ref), try reason(argument, verb))
            case "terminate": return (.end([ref]), try reason(argument, verb))
            default: return (.message([ref], text: try text(argument, verb)), nil)
            }
        case "block", "unblock", "suspend_station":
            guard case .string(let text) = target else {
                throw LuaScriptError("\(verb): expects a station \"COMPUTER/STATION\", not \(target.typeName)")
            }
            let station: StationID
            do {
                station = try StationID(parsing: text)
            } catch {
                throw LuaScriptError("\(verb): \(error)")
            }
            switch verb {
            case "block":
                let options = try Self.options(argument, verb, allowed: ["message", "reason"], shorthand: "message")
                return (.block([station], message: options["message"].stringValue ?? Command.defaultBlockMessage),
                        options["reason"].stringValue)
            case "unblock": return (.unblock([station]), try reason(argument, verb))
            default: return (.suspendStation(station), try reason(argument, verb))
            }
        default:
            guard case .string(let computer) = target else {
                throw LuaScriptError("\(verb): expects a computer name, not \(target.typeName)")
            }
            switch verb {
            case "suspend_all": return (.suspendAll(computer: computer), try reason(argument, verb))
            case "end_all": return (.endAll(computer: computer), try reason(argument, verb))
            case "cancel_shutdown": return (.cancelShutdown(computer: computer), try reason(argument, verb))
            case "unblock_all": return (.unblockAll(computer: computer), try reason(argument, verb))
            case "message_all": return (.messageAll(computer: computer, text: try text(argument, verb)), nil)
            case "block_all":
                let options = try Self.options(argument, verb, allowed: ["message", "reason"], shorthand: "message")
                let message = options["message"].stringValue ?? Command.defaultBlockMessage
                return (.blockAll(computer: computer, message: message), options["reason"].stringValue)
            case "shutdown", "restart":
                let options = try Self.options(argument, verb, allowed: ["delay", "message", "reason"], shorthand: "reason")
                let restart = verb == "restart"
                guard options["delay"] != .nil else {
                    return (restart ? .restart(computer: computer) : .shutdown(computer: computer), options["reason"].stringValue)
                }
                let delay = try HostValues.seconds(options["delay"], what: "\(verb): delay")
                guard delay > 0 else { throw LuaScriptError("\(verb): delay must be longer than 0s (omit it to act now)") }
                let at = now + Double(delay)
                return (.schedule(computer: computer, ScheduledShutdown(at: at, restart: restart, message: options["message"].stringValue)),
                        options["reason"].stringValue)
            default:
                throw LuaScriptError("unknown action '\(verb)'")
            }
        }
    }

    private static func reason(_ value: LuaValue, _ verb: String) throws -> String? {
        switch value {
        case .nil: return nil
        case .string(let text): return text
        default: throw LuaScriptError("\(verb): the reason must be a string, not \(value.typeName)")
        }
    }

    private static func text(_ value: LuaValue, _ verb: String) throws -> String {
        guard case .string(let text) = value, !text.isEmpty else {
            throw LuaScriptError("\(verb): expects the message text, a non-empty string")
        }
        return text
    }

    private static func options(_ value: LuaValue, _ verb: String, allowed: Set<String>, shorthand: String) throws -> LuaTable {
        switch value {
        case .nil: return LuaTable()
        case .string(let text): return LuaTable(fields: [shorthand: .string(text)])
        case .table(let table):
            if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw LuaScriptError("\(verb): unknown option '\(unknown)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            return table
        default:
            throw LuaScriptError("\(verb): expects a table of options (\(allowed.sorted().joined(separator: ", ")))")
        }
    }

    // MARK: Queries

    func requireStore(_ what: String) throws -> SessionStore {
        guard let store else { throw LuaScriptError("\(what) is not available while checking policies") }
        return store
    }

    func querySessions(_ value: LuaValue) throws -> [LuaValue] {
        let store = try requireStore("sessions()")
        let table: LuaTable
        switch value {
        case .nil: table = LuaTable()
        case .table(let given): table = given
        default: throw LuaScriptError("sessions expects a table of filters, for example sessions{ state = \"suspended\" }")
        }
        let allowed: Set<String> = ["state", "computer", "user", "idle_longer_than", "in_state_longer_than"]
        if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LuaScriptError("sessions: unknown filter '\(unknown)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        var filter = SessionFilter(now: clock.now)
        if table["state"] != .nil {
            guard let text = table["state"].stringValue, let state = SessionState(rawValue: text), state != .ended else {
                throw LuaScriptError("sessions: state must be \"active\", \"locked\" or \"suspended\"")
            }
            filter.state = state
        }
        filter.computer = try optionalString(table["computer"], "sessions: computer")
        filter.user = try optionalString(table["user"], "sessions: user")
        if table["idle_longer_than"] != .nil {
            filter.idleLongerThan = try HostValues.seconds(table["idle_longer_than"], what: "sessions: idle_longer_than")
        }
        if table["in_state_longer_than"] != .nil {
            filter.inStateLongerThan = try HostValues.seconds(table["in_state_longer_than"], what: "sessions: in_state_longer_than")
        }
        let now = filter.now
        return [.table(LuaTable(array: try store.sessions(filter).map { HostValues.session($0, now: now) }))]
    }

    func querySession(_ value: LuaValue) throws -> [LuaValue] {
        let store = try requireStore("session()")
        let ref = try HostValues.sessionRef(value, what: "session")
        do {
            return [HostValues.session(try store.session(ref), now: clock.now)]
        } catch is EngineError {
            return [.nil]
        }
    }

    func queryComputer(_ value: LuaValue) throws -> [LuaValue] {
        guard case .string(let name) = value else { throw LuaScriptError("computer expects a name") }
        let store = try requireStore("computer()")
        return [try store.computers().first { $0.computer.name == name }.map(HostValues.computer) ?? .nil]
    }

    func queryComputers() throws -> [LuaValue] {
        let store = try requireStore("computers()")
        return [.table(LuaTable(array: try store.computers().map(HostValues.computer)))]
    }

    func queryStations(_ value: LuaValue) throws -> [LuaValue] {
        let store = try requireStore("stations()")
        let table = value.tableValue ?? LuaTable()
        if let unknown = table.fields.keys.sorted().first(where: { $0 != "computer" && $0 != "status" }) {
            throw LuaScriptError("stations: unknown filter '\(unknown)' (allowed: computer, status)")
        }
        let computer = try optionalString(table["computer"], "stations: computer")
        let status = try optionalString(table["status"], "stations: status")
        if let status, StationStatus(rawValue: status) == nil {
            throw LuaScriptError("stations: status must be available, in_use, locked or blocked")
        }
        let stations: [StationInfo]
        do {
            stations = try store.stations(computer: computer)
        } catch let error as EngineError {
            throw LuaScriptError(error.description)
        }
        return [.table(LuaTable(array: stations.filter { status == nil || $0.status.rawValue == status }.map(HostValues.station)))]
    }

    func queryStation(_ value: LuaValue) throws -> [LuaValue] {
        let store = try requireStore("station()")
        guard case .string(let text) = value, let id = try? StationID(parsing: text) else {
            throw LuaScriptError("station expects \"COMPUTER/STATION\"")
        }
        let stations = (try? store.stations(computer: id.computer)) ?? []
        return [stations.first { $0.station.id == id }.map(HostValues.station) ?? .nil]
    }

    private func optionalString(_ value: LuaValue, _ what: String) throws -> String? {
        switch value {
        case .nil: return nil
        case .string(let text): return text
        default: throw LuaScriptError("\(what) must be a string, not \(value.typeName)")
        }
    }

    // MARK: Plugin actions

    /// `actions.NAME{…}`: calls the plugin that added NAME, in its own state and budget.
    func callAction(_ name: String, _ argument: LuaValue) throws -> [LuaValue] {
        guard let (runtime, function) = runtimes.lazy.compactMap({ runtime in
            runtime.actions[name].map { (runtime, $0) }
        }).first else {
            let known = runtimes.flatMap(\.actionNames).sorted()
            throw LuaScriptError("no action '\(name)'" + (known.isEmpty ? ": no plugin adds actions" : " (actions: \(known.joined(separator: ", ")))"))
        }
        guard health(of: runtime.name).state != .quarantined else {
            return [.nil, .string("plugin \(runtime.name) is quarantined")]
        }
        guard let results = invoke(function, [argument], in: runtime, what: { "action \(name)" }) else {
            return [.nil, .string("action \(name) failed: see the journal's policy_error")]
        }
        return results
    }
}
