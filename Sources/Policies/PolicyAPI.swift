import Foundation
import Lua
import SchoolCalendar
import SessionEngine

/// Installs the Swift side of the policy API into one runtime's Lua state.
///
/// Functions whose errors must point at the policy's own line (`on`, `every`, `defaults`, …) are
/// globals; the rest are primitives in the table the prelude wraps (policies never see it).
struct PolicyAPI {
    unowned let runtime: PolicyRuntime
    unowned let policies: PolicySet

    /// Installs the globals and returns the table of primitives the prelude wraps.
    func install() -> LuaValue {
        let lua = runtime.lua
        lua.setGlobal("settings", .table(LuaTable(fields: (runtime.declaration?.settings ?? [:]).mapValues(\.luaValue))))
        registerRegistrations(in: lua)
        registerUtilities(in: lua)
        if runtime.kind == .plugin { PluginAPI(runtime: runtime, policies: policies).install() }
        return .table(
            LuaTable(fields: [
                "verbs": verbs(in: lua),
                "sessions": .function(
                    lua.makeFunction { [runtime, policies] arguments in try policies.querySessions(arguments[0], for: runtime) }),
                "session": .function(
                    lua.makeFunction { [runtime, policies] arguments in try policies.querySession(arguments[0], for: runtime) }),
                "computer": .function(
                    lua.makeFunction { [runtime, policies] arguments in try policies.queryComputer(arguments[0], for: runtime) }),
                "computers": .function(lua.makeFunction { [runtime, policies] _ in try policies.queryComputers(for: runtime) }),
                "stations": .function(
                    lua.makeFunction { [runtime, policies] arguments in try policies.queryStations(arguments[0], for: runtime) }),
                "station": .function(
                    lua.makeFunction { [runtime, policies] arguments in try policies.queryStation(arguments[0], for: runtime) }),
                "log": .function(
                    lua.makeFunction { [runtime, policies] arguments in
                        let level = PolicySet.LogLevel(rawValue: arguments[0].stringValue ?? "info") ?? .info
                        policies.policyLog(
                            level, arguments[1].stringValue ?? "", from: runtime,
                            prefix: "\(runtime.kind.rawValue) \(runtime.name): ")
                        return []
                    }),
                "fields": .table(
                    LuaTable(
                        fields: PolicyNames.shapes.mapValues { shape in .table(LuaTable(array: shape.fields.map(LuaValue.string))) })),
                "no_such": .function(lua.makeFunction { arguments in [.string(Self.noSuch(arguments))] }),
                "call_action": .function(
                    lua.makeFunction { [runtime, policies] arguments in
                        try policies.callAction(arguments[0].stringValue ?? "", arguments[1], from: runtime)
                    }),
            ]))
    }

    /// `{ session = { lock = f, … }, station = { … }, computer = { … } }`: one primitive per verb
    /// of ``SessionEngine/Verb``'s table, which the prelude turns into methods.
    private func verbs(in lua: LuaState) -> LuaValue {
        var objects: [String: LuaValue] = [:]
        for target in [Verb.Target.session, .station, .computer] {
            var methods: [String: LuaValue] = [:]
            for (method, verb) in Verb.methods(on: target) {
                methods[method] = .function(
                    lua.makeFunction { [runtime, policies] arguments in
                        try policies.act(verb, target: arguments[0], argument: arguments[1], for: runtime)
                    })
            }
            objects[target.rawValue] = .table(LuaTable(fields: methods))
        }
        return .table(LuaTable(fields: objects))
    }

    private func registerRegistrations(in lua: LuaState) {
        lua.register("on") { [runtime, policies] arguments in
            let event = try Self.event(arguments[0])
            guard case .function(let function) = arguments[1] else {
                throw LuaScriptError("on(\"\(event.rawValue)\", …) expects a function as its second argument")
            }
            try runtime.addHook(event, function, limit: policies.limits.hooksPerPolicy)
            return []
        }
        lua.register("every") { [runtime, policies] arguments in
            try policies.addTimer(try Self.timer("every", arguments[0], options: arguments[2]), arguments[1], to: runtime)
            return []
        }
        lua.register("at") { [runtime, policies] arguments in
            try policies.addTimer(try Self.at(arguments[0], options: arguments[2]), arguments[1], to: runtime)
            return []
        }
        lua.register("at_period") { [runtime, policies] arguments in
            try policies.addTimer(
                try Self.atPeriod(arguments[0], edge: arguments[1], options: arguments[3], school: policies.school), arguments[2],
                to: runtime)
            return []
        }
        lua.register("after") { [runtime, policies] arguments in
            try policies.addTimer(try Self.timer("after", arguments[0]), arguments[1], to: runtime)
            return []
        }
        lua.register("defaults") { [runtime, lua] arguments in
            guard case .table(let table) = arguments[0] else {
                throw LuaScriptError("defaults expects a table: defaults{ after = \"2h\" }")
            }
            let merged = try runtime.declareDefaults(table)
            lua.setGlobal("settings", .table(merged))
            return [.table(merged)]
        }
    }

    private func registerUtilities(in lua: LuaState) {
        lua.register("now") { [policies] _ in [PolicyValues.time(policies.clock.now)] }
        let school = policies.school ?? Self.weekdaysOnly
        lua.setGlobal(
            "calendar",
            .table(
                LuaTable(fields: [
                    "configured": .bool(policies.school != nil),
                    "today": .function(
                        lua.makeFunction { [policies] arguments in
                            let at = try arguments[0] == .nil ? policies.clock.now : PolicyValues.date(arguments[0], what: "calendar.today")
                            return [Self.dayTable(school.day(at: at))]
                        }),
                    "period": .function(
                        lua.makeFunction { [policies] arguments in
                            let at =
                                try arguments[0] == .nil ? policies.clock.now : PolicyValues.date(arguments[0], what: "calendar.period")
                            return [school.period(at: at).map { .string($0.name) } ?? .nil]
                        }),
                ])))
        lua.register("duration") { arguments in [.int(Int64(try PolicyValues.seconds(arguments[0], what: "duration")))] }
    }

    // MARK: Arguments, checked the same way when a file runs and by `policies check`

    /// `on`'s event name.
    static func event(_ value: LuaValue) throws -> EventName {
        guard case .string(let name) = value else {
            throw LuaScriptError("on expects an event name and a function: on(\"suspended\", function(e) … end)")
        }
        guard let event = EventName(rawValue: name), EventName.transitions.contains(event) else {
            let names = EventName.transitions.map(\.rawValue)
            throw LuaScriptError(
                "unknown event '\(name)'\(NameSuggestion.hint(for: name, in: names)) (events: \(names.joined(separator: ", ")))")
        }
        return event
    }

    /// `every`'s period (and its `{ days = … }`) or `after`'s delay.
    static func timer(_ api: String, _ value: LuaValue, options: LuaValue = .nil) throws -> TimerSpec {
        let seconds = try PolicyValues.seconds(value, what: api)
        guard seconds > 0 else {
            throw LuaScriptError("\(api): the \(api == "every" ? "period" : "delay") must be longer than 0s")
        }
        guard api == "every" else { return .after(seconds: seconds, text: text(value)) }
        switch options {
        case .nil: return .every(seconds: seconds, text: text(value))
        case .table(let table): return try TimerSpec.every(seconds: seconds, text: text(value), options: table)
        default: throw LuaScriptError("every: the third argument must be a table of options such as { days = \"school_days\" }")
        }
    }

    /// Without `calendar { … }`: every weekday a school day, no holiday, no period, the system's zone.
    static let weekdaysOnly: SchoolCalendar = (try? SchoolCalendar()) ?? Self.fallbackCalendar()

    private static func fallbackCalendar() -> SchoolCalendar {
        guard let calendar = try? SchoolCalendar(timeZone: TimeZone(identifier: "UTC") ?? .current) else {
            preconditionFailure("an empty school calendar is always valid")
        }
        return calendar
    }

    /// What `calendar.today()` returns.
    static func dayTable(_ day: SchoolCalendar.Day) -> LuaValue {
        PolicyValues.table([
            "date": .string(day.date.description), "weekday": .string(String(day.weekday.description.prefix(3))),
            "school_day": .bool(day.isSchoolDay), "kind": .string(day.kind.rawValue),
            "term": day.term.map { .string($0.name ?? $0.description) }, "term_index": day.termIndex.map { .int(Int64($0)) },
            "holiday": day.holiday.map { .string($0.name ?? $0.description) },
        ])
    }

    /// `at_period("P3", "end", fn, { days = … })`: an `at` timer at a period's start or end, on
    /// school days unless `days` says otherwise.
    static func atPeriod(_ name: LuaValue, edge: LuaValue, options: LuaValue, school: SchoolCalendar?) throws -> TimerSpec {
        guard case .string(let period) = name, case .string(let side) = edge, side == "start" || side == "end" else {
            throw LuaScriptError(
                "at_period expects a period's name, \"start\" or \"end\", and a function: at_period(\"P3\", \"end\", function() … end)")
        }
        guard let school else {
            throw LuaScriptError(
                "at_period needs the school calendar: add calendar { periods = { \(period) = \"HH:MM-HH:MM\" } } to the config")
        }
        guard let found = school.period(named: period) else {
            let names = school.periods.map(\.name)
            throw LuaScriptError(
                "at_period: the calendar has no period '\(period)'\(NameSuggestion.hint(for: period, in: names)) (periods: \(names.isEmpty ? "none" : names.joined(separator: ", ")))"
            )
        }
        let time = side == "start" ? found.start : found.end
        var table: LuaTable
        switch options {
        case .nil: table = LuaTable(fields: [:])
        case .table(let given): table = given
        default: throw LuaScriptError("at_period: the fourth argument must be a table of options such as { days = \"school_days\" }")
        }
        if table["days"] == .nil { table.fields["days"] = .string("school_days") }
        let spec = try TimerSpec.at(time.description, options: table)
        guard case .at(let hour, let minute, let weekdays, let grace, _, let only) = spec else { return spec }
        return .at(hour: hour, minute: minute, weekdays: weekdays, grace: grace, text: "\(period) \(side)", only: only)
    }

    /// `at`'s time and options.
    static func at(_ time: LuaValue, options: LuaValue) throws -> TimerSpec {
        guard case .string(let time) = time else {
            throw LuaScriptError(
                "at expects a time of day, a function and options: at(\"22:00\", function() … end, { days = \"weekdays\" })")
        }
        switch options {
        case .nil: return try TimerSpec.at(time, options: nil)
        case .table(let table): return try TimerSpec.at(time, options: table)
        default: throw LuaScriptError("at: the third argument must be a table of options such as { days = \"weekdays\" }")
        }
    }

    /// The message for a name the prelude's strict tables do not know: `(what, key, names)`.
    private static func noSuch(_ arguments: LuaArguments) -> String {
        let what = arguments[0].stringValue ?? "table"
        let key = arguments[1].stringValue ?? "?"
        let names = arguments[2].tableValue?.array.compactMap(\.stringValue) ?? []
        switch what {
        case "global": return PolicyNames.unknownGlobal(key, known: names)
        case "settings": return PolicyNames.unknownSetting(key, declared: names)
        default:
            if let shape = PolicyNames.shapes[what] { return PolicyNames.unknownMember(key, of: shape) }
            return PolicyNames.unknownLibraryField(what, key, known: names)
        }
    }

    static func text(_ value: LuaValue) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return "\(number)s"
        case .number(let number): return "\(Int(number))s"
        default: return value.typeName
        }
    }
}
