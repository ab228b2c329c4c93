import Foundation
import Lua
import SessionEngine

/// Collects what the config's statements declare, checking each as it is made so that
/// errors point at the line that made it.
final class ConfigReader {
    private struct Declared {
        var name: String
        var stations: [String]?
        var location: LuaLocation?
        /// `seats = "logind"`, with its `remote_stations`.
        var logind: StationConfig.LogindComputer?
    }

    let path: String
    private var computers: [Declared] = []
    private var policies: [StationConfig.Declaration] = []
    private var plugins: [StationConfig.Declaration] = []
    private var protectedUsers: [String] = []
    private var policyActionsPerMinute: Int?
    private var policyInstructionsPerCall: Int?
    private var calendar: CalendarSettings?
    private var sections: [String: LuaLocation?] = [:]
    /// Every refused statement so far: the config runs on, so one load reports them all.
    private(set) var problems: [ConfigError] = []

    init(path: String) {
        self.path = path
    }

    func install(in state: LuaState) {
        state.register("computer") { [unowned self, unowned state] arguments in
            let location = arguments.callerLocation()
            return self.recording(location, in: state, returningFunction: true) { () throws -> [LuaValue] in
                guard arguments.count == 1, case .string(let name) = arguments[0] else {
                    throw LuaScriptError("computer expects a name: computer \"LAB-1\" { stations = 4 }")
                }
                do {
                    try Names.validate(name, as: "computer")
                } catch {
                    throw LuaScriptError(String(describing: error))
                }
                if let earlier = computers.first(where: { $0.name == name }) {
                    let place = earlier.location.map { " at \($0)" } ?? ""
                    throw LuaScriptError("computer \"\(name)\" is already declared\(place)")
                }
                let index = computers.count
                computers.append(Declared(name: name, location: location))
                return [
                    .function(
                        state.makeFunction { [unowned self] arguments in
                            self.recording(arguments.callerLocation(), in: state) {
                                try self.settings(arguments, forComputerAt: index)
                                return []
                            }
                        })
                ]
            }
        }
        registerDeclaration("policy", in: state)
        registerDeclaration("plugin", in: state)
        state.register("protect") { [unowned self, unowned state] arguments in
            self.recording(arguments.callerLocation(), in: state) {
                try self.section("protect", arguments, allowed: ["users"]) { table in
                    guard case .table(let users) = table["users"], users.fields.isEmpty,
                        let names = Optional(users.array.compactMap(\.stringValue)), names.count == users.array.count
                    else {
                        throw LuaScriptError("protect: users must be a list of user names, for example protect { users = { \"teacher\" } }")
                    }
                    self.protectedUsers = names
                }
                return []
            }
        }
        state.register("calendar") { [unowned self, unowned state] arguments in
            let location = arguments.callerLocation()
            return self.recording(location, in: state) {
                try self.section("calendar", arguments, allowed: Set(CalendarSettings.names)) { table in
                    try self.readCalendar(table, at: location)
                }
                return []
            }
        }
        state.register("limit") { [unowned self, unowned state] arguments in
            self.recording(arguments.callerLocation(), in: state) {
                try self.section("limit", arguments, allowed: Set(Self.limitNames)) { table in
                    guard Self.limitNames.contains(where: { !table[$0].isNil }) else {
                        throw LuaScriptError("limit: say which, for example limit { policy_actions_per_minute = 5000 }")
                    }
                    self.policyActionsPerMinute = try Self.positive(table, "policy_actions_per_minute") ?? self.policyActionsPerMinute
                    self.policyInstructionsPerCall =
                        try Self.positive(table, "policy_instructions_per_call", atLeast: 100_000, atMost: 1_000_000_000)
                        ?? self.policyInstructionsPerCall
                }
                return []
            }
        }
    }

    /// `calendar { timezone, periods, terms, holidays, ics }`, checked by building it.
    private func readCalendar(_ table: LuaTable, at location: LuaLocation?) throws {
        func text(
            _ value: LuaValue, _ what: String, example: String = "\"2026-11-11\" or \"2026-12-19..2027-01-03\""
        ) throws -> String {
            guard case .string(let text) = value else {
                throw LuaScriptError("calendar: \(what) must be a string such as \(example), not \(value.typeName)")
            }
            return text
        }
        func spans(_ name: String, pairs: Bool) throws -> [CalendarSettings.Span] {
            switch table[name] {
            case .nil: return []
            case .table(let list):
                var result: [CalendarSettings.Span] = []
                for item in list.array { result.append(CalendarSettings.Span(text: try spanText(item, name, pairs: pairs), name: nil)) }
                for key in list.fields.keys.sorted() {
                    result.append(
                        CalendarSettings.Span(text: try spanText(list.fields[key] ?? .nil, "\(name).\(key)", pairs: pairs), name: key))
                }
                return result
            default:
                throw LuaScriptError(
                    "calendar: \(name) must be a table, for example \(name) = { \"2026-11-11\", christmas = \"2026-12-19..2027-01-03\" }")
            }
        }
        func spanText(_ value: LuaValue, _ what: String, pairs: Bool) throws -> String {
            if case .table(let pair) = value, pair.fields.isEmpty, pair.array.count == 2 {
                return "\(try text(pair.array[0], what))..\(try text(pair.array[1], what))"
            }
            return try text(value, what)
        }
        var periods: [CalendarSettings.Span] = []
        switch table["periods"] {
        case .nil: break
        case .table(let list) where list.array.isEmpty:
            for key in list.fields.keys.sorted() {
                periods.append(
                    CalendarSettings.Span(text: try text(list.fields[key] ?? .nil, "periods.\(key)", example: "\"08:30-09:25\""), name: key)
                )
            }
        default:
            throw LuaScriptError(
                "calendar: periods must name each period, for example periods = { P1 = \"08:30-09:25\", lunch = \"12:00-13:30\" }")
        }
        var ics: String?
        if !table["ics"].isNil {
            let file = try text(table["ics"], "ics", example: "\"holidays.ics\" (a file of holiday dates)")
            ics = file.hasPrefix("/") ? file : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
        }
        var zone: String?
        if !table["timezone"].isNil { zone = try text(table["timezone"], "timezone", example: "\"Europe/Paris\"") }
        let settings = CalendarSettings(
            timeZone: zone, periods: periods, terms: try spans("terms", pairs: true), holidays: try spans("holidays", pairs: true),
            ics: ics, location: location?.description)
        do {
            _ = try settings.build()
        } catch {
            // The message without the location: the statement's line is added when it is recorded.
            throw LuaScriptError(error.message.replacingOccurrences(of: (settings.location ?? "") + ": ", with: ""))
        }
        calendar = settings
    }

    /// What `limit { … }` may set.
    static let limitNames = ["policy_actions_per_minute", "policy_instructions_per_call"]

    /// `table[name]` as a whole number in `atLeast...atMost`, or `nil` when not given.
    private static func positive(_ table: LuaTable, _ name: String, atLeast low: Int64 = 1, atMost high: Int64 = .max) throws -> Int? {
        let value = table[name]
        if value.isNil { return nil }
        guard let count = value.intValue, count >= low, count <= high else {
            let range = high == .max ? "a whole number of at least \(low)" : "a whole number from \(low) to \(high)"
            throw LuaScriptError("limit: \(name) must be \(range)")
        }
        return Int(count)
    }

    /// Runs one statement's checks; a refusal is recorded at the statement's line and the config
    /// goes on (a refused `computer "X"` or `policy "X"` still returns a function for its `{ … }`).
    private func recording(
        _ location: LuaLocation?, in state: LuaState, returningFunction: Bool = false, _ body: () throws -> [LuaValue]
    ) -> [LuaValue] {
        do {
            return try body()
        } catch {
            problems.append(ConfigError((error as? LuaScriptError)?.message ?? "\(error)", at: location))
            return returningFunction ? [.function(state.makeFunction { _ in [] })] : []
        }
    }

    /// `policy "NAME" { settings }` and `plugin "NAME" { settings }`: recorded in order, checked later
    /// against what the policy or plugin declares.
    private func registerDeclaration(_ kind: String, in state: LuaState) {
        state.register(kind) { [unowned self, unowned state] arguments in
            let location = arguments.callerLocation()
            return self.recording(location, in: state, returningFunction: true) { () throws -> [LuaValue] in
                guard arguments.count == 1, case .string(let name) = arguments[0], Self.isFileName(name) else {
                    throw LuaScriptError(
                        "\(kind) expects a name (letters, digits, '-' and '_'): \(kind) \"end-idle-suspended\" { after = \"2h\" }")
                }
                let existing = (kind == "policy" ? self.policies : self.plugins)
                if let earlier = existing.first(where: { $0.name == name }) {
                    throw LuaScriptError("\(kind) \"\(name)\" is already enabled\(earlier.location.map { " at \($0)" } ?? "")")
                }
                let declaration = StationConfig.Declaration(name: name, settings: [:], allow: [], location: location)
                if kind == "policy" { self.policies.append(declaration) } else { self.plugins.append(declaration) }
                let index = existing.count
                return [
                    .function(
                        state.makeFunction { [unowned self] arguments in
                            self.recording(arguments.callerLocation(), in: state) {
                                guard arguments.count == 1, case .table(let table) = arguments[0], table.array.isEmpty,
                                    table.otherKeys.isEmpty
                                else {
                                    throw LuaScriptError(
                                        "\(kind) \"\(name)\" expects a table of named settings, for example { after = \"2h\" }")
                                }
                                var settings: [String: SettingValue] = [:]
                                var allow: [String] = []
                                for (key, value) in table.fields {
                                    if key == "allow" && kind == "plugin" {
                                        guard case .table(let list) = value, list.fields.isEmpty,
                                            list.array.allSatisfy({ $0.stringValue != nil })
                                        else {
                                            throw LuaScriptError(
                                                "plugin \"\(name)\": allow must be a list of capabilities, for example allow = { \"exec\" }"
                                            )
                                        }
                                        allow = list.array.compactMap(\.stringValue)
                                        continue
                                    }
                                    do {
                                        settings[key] = try SettingValue(value, key: key)
                                    } catch {
                                        throw LuaScriptError("\(kind) \"\(name)\": \(String(describing: error))")
                                    }
                                }
                                if kind == "policy" {
                                    self.policies[index].settings = settings
                                } else {
                                    self.plugins[index].settings = settings
                                    self.plugins[index].allow = allow
                                }
                                return []
                            }
                        })
                ]
            }
        }
    }

    /// `protect { … }`, `limit { … }` and `calendar { … }`: once each, named fields only.
    private func section(
        _ name: String, _ arguments: LuaArguments, allowed: Set<String>,
        apply: (LuaTable) throws -> Void
    ) throws {
        if let earlier = sections[name] {
            throw LuaScriptError("\(name) is already set\(earlier.map { " at \($0)" } ?? "")")
        }
        guard arguments.count == 1, case .table(let table) = arguments[0], table.array.isEmpty, table.otherKeys.isEmpty else {
            throw LuaScriptError("\(name) expects a table of named settings (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        if let unknown = table.fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LuaScriptError("\(name): " + NameSuggestion.unknown("setting", unknown, allowed: Array(allowed)))
        }
        try apply(table)
        sections[name] = arguments.callerLocation()
    }

    static func isFileName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
    }

    func apply(to config: inout StationConfig, nologin: LuaValue) throws(ConfigError) {
        config.policies = policies
        config.plugins = plugins
        config.protectedUsers = protectedUsers
        if let policyActionsPerMinute { config.policyActionsPerMinute = policyActionsPerMinute }
        config.logindComputer = computers.lazy.compactMap(\.logind).first
        config.policyInstructionsPerCall = policyInstructionsPerCall
        config.calendar = calendar
        switch nologin {
        case .nil: break
        case .string(let text):
            do {
                config.nologinWindow = try Durations.seconds(text)
            } catch {
                throw ConfigError("\(path): nologin_before_shutdown: \(error)")
            }
        default:
            throw ConfigError("\(path): nologin_before_shutdown must be a duration such as \"5m\", not \(nologin.typeName)")
        }
    }

    private func settings(_ arguments: LuaArguments, forComputerAt index: Int) throws {
        let name = computers[index].name
        guard computers[index].stations == nil else {
            throw LuaScriptError("computer \"\(name)\" already has its settings")
        }
        guard case .table(let table) = arguments[0], arguments.count == 1 else {
            throw LuaScriptError("computer \"\(name)\" expects a table of settings, for example { stations = 4 }")
        }
        let allowed = ["remote_stations", "seats", "stations"]
        let unknown = table.fields.keys.filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty, table.array.isEmpty, table.otherKeys.isEmpty else {
            let what =
                unknown.first.map { NameSuggestion.unknown("setting", $0, allowed: allowed) }
                ?? "settings must be named (allowed: \(allowed.joined(separator: ", ")))"
            throw LuaScriptError("computer \"\(name)\": \(what)")
        }
        if table["seats"].isNil {
            guard table["remote_stations"].isNil else {
                throw LuaScriptError("computer \"\(name)\": remote_stations goes with seats = \"logind\"")
            }
            computers[index].stations = try stationNames(table["stations"], computer: name)
        } else {
            computers[index].logind = try logindSettings(table, computer: name)
            computers[index].stations = []
        }
    }

    /// `seats = "logind"` and `remote_stations = N`: the machine the daemon runs on.
    private func logindSettings(_ table: LuaTable, computer: String) throws -> StationConfig.LogindComputer {
        guard table["seats"].stringValue == "logind" else {
            throw LuaScriptError(
                "computer \"\(computer)\": seats must be \"logind\" (its stations are then the machine's logind seats)")
        }
        guard table["stations"].isNil else {
            throw LuaScriptError(
                "computer \"\(computer)\": give either stations or seats = \"logind\", not both (with logind, the seats are the stations)")
        }
        if let other = computers.first(where: { $0.logind != nil }) {
            throw LuaScriptError(
                "computer \"\(computer)\": only one computer can follow logind (the machine the daemon runs on), and \"\(other.name)\" already does"
            )
        }
        var remote = 0
        if !table["remote_stations"].isNil {
            guard let count = table["remote_stations"].intValue, (0...1000).contains(count) else {
                throw LuaScriptError("computer \"\(computer)\": remote_stations must be a count from 0 to 1000")
            }
            remote = Int(count)
        }
        return StationConfig.LogindComputer(name: computer, remoteStations: remote)
    }

    private func stationNames(_ value: LuaValue, computer: String) throws -> [String] {
        switch value {
        case .int(let count) where (1...256).contains(count):
            return (1...count).map(String.init)
        case .number(let number) where number.rounded() == number && (1...256).contains(number):
            return (1...Int(number)).map(String.init)
        case .table(let list) where !list.array.isEmpty && list.fields.isEmpty && list.otherKeys.isEmpty:
            var names: [String] = []
            for item in list.array {
                guard case .string(let name) = item else {
                    throw LuaScriptError("computer \"\(computer)\": station names must be strings, not \(item.typeName)")
                }
                do {
                    try Names.validate(name, as: "station")
                } catch {
                    throw LuaScriptError("computer \"\(computer)\": \(String(describing: error))")
                }
                guard !names.contains(name) else {
                    throw LuaScriptError("computer \"\(computer)\": station \"\(name)\" is listed twice")
                }
                names.append(name)
            }
            return names
        case .nil:
            throw LuaScriptError("computer \"\(computer)\" needs stations: a count from 1 to 256, or a list of names")
        default:
            throw LuaScriptError(
                "computer \"\(computer)\": stations must be a count from 1 to 256 or a list of names, not \(value.typeName) \(Self.show(value))"
            )
        }
    }

    private static func show(_ value: LuaValue) -> String {
        switch value {
        case .int(let number): return String(number)
        case .number(let number): return String(number)
        case .string(let text): return "\"\(text)\""
        default: return ""
        }
    }

    func layout() throws(ConfigError) -> LabLayout {
        var result: [LabLayout.Computer] = []
        for computer in computers {
            guard let stations = computer.stations else {
                throw ConfigError(
                    "computer \"\(computer.name)\" has no settings: write computer \"\(computer.name)\" { stations = 4 }",
                    at: computer.location)
            }
            result.append(LabLayout.Computer(name: computer.name, stations: stations, followsLogind: computer.logind != nil))
        }
        guard !result.isEmpty else {
            throw ConfigError("\(path): no computer declared: add a line such as computer \"LAB-1\" { stations = 4 }")
        }
        return LabLayout(computers: result)
    }
}
