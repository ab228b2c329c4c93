import Lua
import LuaSyntax
import SessionEngine

/// Calls of the API: literal arguments are checked by the functions a run uses, so `check` and
/// the daemon refuse the same things with the same messages.
extension PolicyAnalysis {
    func call(_ callee: Expression, _ arguments: [Expression], at position: SourcePosition) -> ValueKind {
        let kind = expression(callee)
        guard case .function(let api) = kind, isGlobalCall(callee) else {
            visit(arguments)
            return .unknown
        }
        let first = arguments.first
        switch api {
        case "on":
            var event: EventName?
            if let first, let value = literal(first) {
                event = validate(first) { try PolicyAPI.event(value) }
            } else if let first {
                _ = expression(first)
            }
            callback(arguments, at: 1, parameter: event.map(ValueKind.hookEvent) ?? .object("event")) {
                "on(\"\(event?.rawValue ?? "…")\", …) expects a function as its second argument"
            }
        case "every", "after":
            if let first, let value = literal(first) {
                let options = api == "every" && arguments.count > 2 ? literal(arguments[2]) : LuaValue.nil
                _ = validate(first) { try PolicyAPI.timer(api, value, options: options ?? .nil) }
            }
            visitRest(arguments, optionsAt: api == "every" ? 2 : nil)
        case "at":
            if let first, let value = literal(first) {
                let options = arguments.count > 2 ? literal(arguments[2]) : LuaValue.nil
                if let options { _ = validate(first) { try PolicyAPI.at(value, options: options) } }
            }
            visitRest(arguments, optionsAt: 2)
        case "sessions", "stations":
            checkFilter(api, first)
            return .list(.object(api == "sessions" ? "session" : "station"))
        case "computers":
            visit(arguments)
            return .list(.object("computer"))
        case "session", "computer", "station":
            visit(arguments)
            return .object(api)
        case "duration":
            if let first, let value = literal(first) { _ = validate(first) { try PolicyValues.seconds(value, what: "duration") } }
            visitRest(arguments)
        case "defaults":
            declareSettings(first)
            visitRest(arguments, optionsAt: 0)
            return .settings
        case "assert":
            if let first { markTested(first) }
            visit(arguments)
        case "notifier":
            callback(arguments, at: 0, parameter: .object("message")) {
                "notifier expects a function: notifier(function(message) … end)"
            }
        default:
            visit(arguments)
        }
        return .unknown
    }

    /// Only a global name calls the API (a local of the same name is the file's own function).
    private func isGlobalCall(_ callee: Expression) -> Bool {
        if case .name(let text) = callee.kind { return lookup(text) == nil }
        return false
    }

    /// Visits every argument after the first (the first was checked), a table at `optionsAt` as
    /// checked by its caller.
    private func visitRest(_ arguments: [Expression], optionsAt: Int? = nil) {
        for (index, argument) in arguments.enumerated() {
            if index == optionsAt, case .table(let fields) = argument.kind {
                table(fields, checkedByCaller: true)
            } else if index > 0 || index == optionsAt {
                _ = expression(argument)
            }
        }
    }

    /// The function argument at `index` (a hook, a notifier; the caller visited the ones before it):
    /// a literal function, or a local function given by name, gets its parameter's kind; a literal
    /// of another type is what the API refuses.
    private func callback(_ arguments: [Expression], at index: Int, parameter: ValueKind, refusal: () -> String) {
        guard index < arguments.count else {
            report(.error, .badArgument, at: arguments.last?.position ?? SourcePosition(line: 1, column: 1), refusal())
            return
        }
        let argument = arguments[index]
        switch argument.kind {
        case .function(let body): function(body, parameters: [parameter])
        case .name(let text):
            _ = expression(argument)
            if let body = lookup(text)?.body, rewalking.insert(body.position).inserted {
                function(body, parameters: [parameter])
                rewalking.remove(body.position)
            }
        case .nil, .true, .false, .number, .string, .table:
            report(.error, .badArgument, at: argument.position, refusal())
            _ = expression(argument)
        default: _ = expression(argument)
        }
        for later in arguments.dropFirst(index + 1) { _ = expression(later) }
    }

    /// `sessions{…}` and `stations{…}` (and a computer's): a literal filter is checked as a run checks it.
    func checkFilter(_ api: String, _ argument: Expression?) {
        guard let argument else { return }
        if case .table(let fields) = argument.kind {
            table(fields, checkedByCaller: true)
        } else {
            _ = expression(argument)
        }
        guard let value = literal(argument) else {
            // Computed values: the names of the filters can still be checked.
            if case .table(let fields) = argument.kind {
                let names = fields.compactMap { field -> String? in
                    if case .named(let name, _) = field { return name.text }
                    return nil
                }
                _ = validate(argument) { try PolicySet.checkFilterNames(api, names) }
            }
            return
        }
        _ = validate(argument, code: .badArgument) { () throws -> Bool in
            let table = try PolicySet.filterTable(value, api: api)
            if api == "sessions" {
                try PolicySet.checkSessionFilter(table)
            } else {
                _ = try PolicySet.stationFilter(table)
            }
            return true
        }
    }

    /// A method of a known object: filters of `c:sessions{}`, arguments of verbs.
    func methodCall(on what: String, _ name: Name, _ arguments: [Expression]) -> ValueKind {
        if what == "computer", name.text == "sessions" || name.text == "stations" {
            checkFilter(name.text, arguments.first)
            visitRest(arguments)
            return .list(.object(name.text == "sessions" ? "session" : "station"))
        }
        for argument in arguments {
            if case .table(let fields) = argument.kind { table(fields, checkedByCaller: true) } else { _ = expression(argument) }
        }
        guard let target = Verb.Target(rawValue: what), let verb = Verb.methods(on: target).first(where: { $0.method == name.text })?.verb
        else { return .unknown }
        let argument = arguments.first.map(literal) ?? LuaValue.nil
        guard let argument else {
            if case .table(let fields)? = arguments.first?.kind, let allowed = verb.row.argument.options?.allowed {
                for case .named(let option, _) in fields where !allowed.contains(option.text) {
                    report(
                        .error, .badArgument, at: option.position,
                        VerbBinding.unknownOption(option.text, verb: verb.rawValue, allowed: allowed))
                }
            }
            return .unknown
        }
        let sample: LuaValue = target == .session ? .int(1) : .string(target == .station ? "LAB-1/1" : "LAB-1")
        _ = validate(arguments.first, at: name.position) { try VerbBinding.input(verb, target: sample, argument: argument) }
        return .unknown
    }

    /// Learns the settings `defaults{…}` declares (first pass).
    private func declareSettings(_ argument: Expression?) {
        guard !reporting else { return }
        guard case .table(let fields)? = argument?.kind else {
            settings = .unknown
            return
        }
        var keys: [String] = []
        for field in fields {
            guard case .named(let name, let value) = field else {
                settings = .unknown
                return
            }
            // `group = nil` declares nothing: the table Lua builds has no such key.
            if case .nil = value.kind { continue }
            keys.append(name.text)
        }
        if case .declared(let earlier) = settings { keys += earlier }
        settings = .declared(keys.sorted())
    }

    /// Runs a check of the API on a literal; its refusal becomes a problem at the literal.
    func validate<T>(
        _ expression: Expression?, at fallback: SourcePosition? = nil, code: PolicyProblem.Code = .badArgument,
        _ body: () throws -> T
    ) -> T? {
        do {
            return try body()
        } catch {
            let position = expression?.position ?? fallback ?? SourcePosition(line: 1, column: 1)
            report(.error, code, at: position, (error as? LuaScriptError)?.message ?? "\(error)")
            return nil
        }
    }

    /// A filter's duration written anywhere (`{ idle_longer_than = "15 min" }` built before it is
    /// passed): those names mean nothing else. (`delay`, `grace` and `days` are checked where the
    /// API takes them, since a policy's own tables may use those words for other things.)
    func checkFilterDuration(_ name: Name, _ value: Expression) {
        guard PolicyNames.durationFilters.contains(name.text), let literal = literal(value), case .string = literal else { return }
        _ = validate(value) { try PolicyValues.seconds(literal, what: name.text) }
    }

    /// The value of a literal expression (numbers, strings, booleans, nil, and tables of them); `nil`
    /// when any part is computed.
    func literal(_ expression: Expression) -> LuaValue? {
        switch expression.kind {
        case .nil: return .nil
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .string(let text): return .string(text)
        case .number(let text): return Self.number(text)
        case .unary("-", let operand):
            switch literal(operand) {
            case .int(let value)?: return .int(-value)
            case .number(let value)?: return .number(-value)
            default: return nil
            }
        case .paren(let inner): return literal(inner)
        case .table(let fields):
            var table = LuaTable()
            for field in fields {
                switch field {
                case .positional(let value):
                    guard let item = literal(value), item != .nil else { return nil }
                    table.array.append(item)
                case .named(let name, let value):
                    guard let item = literal(value) else { return nil }
                    if item != .nil { table.fields[name.text] = item }
                case .keyed(let key, let value):
                    guard case .string(let name)? = literal(key), let item = literal(value) else { return nil }
                    if item != .nil { table.fields[name] = item }
                }
            }
            return .table(table)
        default: return nil
        }
    }

    static func number(_ text: String) -> LuaValue? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") {
            return Int64(lower.dropFirst(2), radix: 16).map(LuaValue.int)
        }
        if let integer = Int64(text) { return .int(integer) }
        return Double(text).map(LuaValue.number)
    }
}
