import Foundation
import Lua
import Policies
import SchoolCalendar
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
            guard case .string(let text) = arguments[0],
                let (date, time) = Scenario.time(text).map({ (nil as LocalDate?, $0) })
                    ?? Scenario.datedTime(text).map({ (Optional($0.date), $0.seconds) })
            else {
                throw LuaScriptError(
                    "at expects a time of day such as \"08:02\" (or \"+1d 08:02\" for the next day, or \"2026-03-25 08:02\" for a date), then a step: at(\"08:02\", sign_in(\"alice\", \"LAB-1/1\"))"
                )
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
                self.steps.append(Scenario.Step(time: time, date: date, action: action, location: location))
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

    typealias Maker = (LuaArguments) throws -> Scenario.Action

    /// Every verb of the engine's table, then the scenario's own `idle` and `busy`.
    static var verbs: [(String, Maker)] {
        Verb.allCases.map { verb in
            (
                verb.rawValue,
                { arguments in
                    .verb(verb, try VerbBinding.input(verb, target: arguments[0], argument: arguments[1]))
                }
            )
        } + [
            ("idle", { arguments in .idle(try session(arguments, "idle")) }),
            ("busy", { arguments in .busy(try session(arguments, "busy")) }),
        ]
    }

    private static func session(_ args: LuaArguments, _ verb: String) throws -> SessionRef {
        guard case .string(let text) = args[0], !text.isEmpty else {
            throw LuaScriptError("\(verb) expects a session (\"USER@COMPUTER\") as argument #1")
        }
        do {
            return try SessionRef(parsing: text)
        } catch {
            throw LuaScriptError("\(verb): \(error)")
        }
    }
}
