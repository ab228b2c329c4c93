import Foundation
import Lua
import SessionEngine

/// The scenario language's functions: each verb builds a step, `at` schedules it.
final class ScenarioReader {
    private(set) var steps: [Scenario.Step] = []
    private var pending: [Int: (Scenario.Action, LuaLocation?)] = [:]
    private var scheduled = Set<Int>()

    /// Where a step was made that no `at` schedules: a mistake worth naming.
    var unscheduled: LuaLocation?? {
        pending.filter { !scheduled.contains($0.key) }.min { $0.key < $1.key }.map { $0.value.1 }
    }
    private var nextToken = 1

    func install(in lua: LuaState) {
        lua.register("at") { [unowned self] arguments in
            guard case .string(let text) = arguments[0], let time = Scenario.time(text) else {
                throw LuaScriptError("at expects a time of day such as \"08:02\" (or \"+1d 08:02\" for the next day), then a step: at(\"08:02\", sign_in(\"alice\", \"LAB-1/1\"))")
            }
            let tokens: [LuaValue]
            switch arguments[1] {
            case .table(let table) where table.fields["step"] != nil: tokens = [table["step"]]
            case .table(let table) where !table.array.isEmpty: tokens = table.array.map { $0.tableValue?["step"] ?? .nil }
            default: throw LuaScriptError("at(\"\(text)\", …) expects a step such as sign_in(\"alice\", \"LAB-1/1\"), or a list of steps")
            }
            for token in tokens {
                guard let id = token.intValue, let (action, location) = self.pending[Int(id)] else {
                    throw LuaScriptError("at(\"\(text)\", …): that is not a step made by sign_in, disconnect, idle, shutdown, …")
                }
                self.scheduled.insert(Int(id))
                self.steps.append(Scenario.Step(time: time, action: action, location: location))
            }
            return []
        }
        for (name, make) in Self.verbs {
            lua.register(name) { [unowned self] arguments in
                let action = try make(arguments)
                let token = self.nextToken
                self.nextToken += 1
                self.pending[token] = (action, arguments.callerLocation())
                return [.table(LuaTable(fields: ["step": .int(Int64(token)), "verb": .string(name)]))]
            }
        }
    }

    typealias Maker = @Sendable (LuaArguments) throws -> Scenario.Action

    static let verbs: [(String, Maker)] = [
        ("sign_in", { args in .command(.signIn(user: try string(args, 0, "sign_in", "user"), station: try station(args, 1, "sign_in")), .user) }),
        ("lock", { args in .command(.lock(try session(args, "lock")), .user) }),
        ("unlock", { args in .command(.unlock(try session(args, "unlock")), .user) }),
        ("disconnect", { args in .command(.disconnect(try session(args, "disconnect")), .user) }),
        ("sign_out", { args in .command(.signOut(try session(args, "sign_out")), .user) }),
        ("activity", { args in .command(.activity(try session(args, "activity")), .user) }),
        ("idle", { args in .idle(try session(args, "idle")) }),
        ("busy", { args in .busy(try session(args, "busy")) }),
        ("suspend", { args in .command(.suspend([try session(args, "suspend")]), .admin) }),
        ("terminate", { args in .command(.end([try session(args, "terminate")]), .admin) }),
        ("suspend_all", { args in .command(.suspendAll(computer: try string(args, 0, "suspend_all", "computer")), .admin) }),
        ("end_all", { args in .command(.endAll(computer: try string(args, 0, "end_all", "computer")), .admin) }),
        ("message", { args in .command(.message([try session(args, "message")], text: try string(args, 1, "message", "text")), .admin) }),
        ("block", { args in .command(.block([try station(args, 0, "block")], message: args[1].stringValue ?? Command.defaultBlockMessage), .admin) }),
        ("unblock", { args in .command(.unblock([try station(args, 0, "unblock")]), .admin) }),
        ("shutdown", { args in try power(args, "shutdown", restart: false) }),
        ("restart", { args in try power(args, "restart", restart: true) }),
        ("cancel_shutdown", { args in .command(.cancelShutdown(computer: try string(args, 0, "cancel_shutdown", "computer")), .admin) }),
        ("start", { args in .command(.start(computer: try string(args, 0, "start", "computer")), .admin) }),
    ]

    private static func string(_ args: LuaArguments, _ index: Int, _ verb: String, _ what: String) throws -> String {
        guard case .string(let text) = args[index], !text.isEmpty else {
            throw LuaScriptError("\(verb) expects a \(what) as argument #\(index + 1)")
        }
        return text
    }

    private static func session(_ args: LuaArguments, _ verb: String) throws -> SessionRef {
        do {
            return try SessionRef(parsing: try string(args, 0, verb, "session (\"USER@COMPUTER\")"))
        } catch let error as EngineError {
            throw LuaScriptError("\(verb): \(error)")
        }
    }

    private static func station(_ args: LuaArguments, _ index: Int, _ verb: String) throws -> StationID {
        do {
            return try StationID(parsing: try string(args, index, verb, "station (\"COMPUTER/STATION\")"))
        } catch let error as EngineError {
            throw LuaScriptError("\(verb): \(error)")
        }
    }

    /// `shutdown("LAB-1")` now, or `shutdown("LAB-1", { delay = "15m", message = "…" })` scheduled.
    private static func power(_ args: LuaArguments, _ verb: String, restart: Bool) throws -> Scenario.Action {
        let computer = try string(args, 0, verb, "computer")
        let now: Scenario.Action = .command(restart ? .restart(computer: computer) : .shutdown(computer: computer), .admin)
        guard case .table(let options) = args[1] else { return now }
        if let unknown = options.fields.keys.sorted().first(where: { $0 != "delay" && $0 != "message" }) {
            throw LuaScriptError("\(verb): unknown option '\(unknown)' (allowed: delay, message)")
        }
        let delay: Int
        do {
            delay = try Durations.seconds(options["delay"].stringValue ?? "0s")
        } catch {
            throw LuaScriptError("\(verb): delay: \(error)")
        }
        guard delay > 0 else { return now }
        return .schedule(computer: computer, delay: delay, restart: restart, message: options["message"].stringValue)
    }
}
