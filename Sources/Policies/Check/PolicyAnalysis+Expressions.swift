import LuaSyntax
import SessionEngine

/// Expressions: names, fields and methods of known kinds, and what may be nil.
extension PolicyAnalysis {
    func expression(_ expression: Expression) -> ValueKind {
        switch expression.kind {
        case .nil, .true, .false, .vararg, .number, .string:
            return .unknown
        case .function(let body):
            function(body, parameters: [])
            return .unknown
        case .table(let fields):
            table(fields, checkedByCaller: false)
            return .unknown
        case .name(let text):
            return read(Name(text, at: expression.position))
        case .field(let object, let name):
            let kind = self.expression(object)
            warnIfMaybeNil(object)
            return member(of: kind, name.text, at: name.position)
        case .index(let object, let key):
            let kind = self.expression(object)
            _ = self.expression(key)
            if case .list(let element) = kind { return element }
            if case .string(let text) = key.kind {
                warnIfMaybeNil(object)
                return member(of: kind, text, at: key.position)
            }
            return .unknown
        case .call(let callee, let arguments):
            return call(callee, arguments, at: expression.position)
        case .method(let object, let name, let arguments):
            return method(object, name, arguments)
        case .binary(let operation, let left, let right):
            if ["==", "~=", "and", "or"].contains(operation) {
                markTested(left)
                markTested(right)
            }
            _ = self.expression(left)
            _ = self.expression(right)
            return .unknown
        case .unary(let operation, let operand):
            if operation == "not" { markTested(operand) }
            _ = self.expression(operand)
            return .unknown
        case .paren(let inner):
            return self.expression(inner)
        }
    }

    /// A name read: a local (now used), else a global.
    func read(_ name: Name) -> ValueKind {
        if let local = lookup(name.text) {
            local.used = true
            return local.kind
        }
        return readGlobal(name)
    }

    /// `object.key` read on a value of a known kind.
    func member(of kind: ValueKind, _ key: String, at position: SourcePosition) -> ValueKind {
        switch kind {
        case .object(let what):
            if let shape = PolicyNames.shapes[what], !shape.names.contains(key) {
                report(.error, .unknownField, at: position, PolicyNames.unknownMember(key, of: shape))
            }
        case .hookEvent(let event):
            let shape = PolicyNames.event
            if !shape.names.contains(key) {
                report(.error, .unknownField, at: position, PolicyNames.unknownMember(key, of: shape))
            } else if !PolicyNames.eventFields(for: event).contains(key) {
                report(
                    .warning, .absentEventField, at: position,
                    "'\(key)' is always nil in a \(event.rawValue) hook (its events carry: \(PolicyNames.eventFields(for: event).joined(separator: ", ")))"
                )
            }
        case .settings:
            switch settings {
            case .declared(let keys) where !keys.contains(key):
                report(.error, .unknownSetting, at: position, PolicyNames.unknownSetting(key, declared: keys))
            case .none:
                report(.error, .unknownSetting, at: position, PolicyNames.unknownSetting(key, declared: []))
            case .declared, .unknown: break
            }
        case .library(let library):
            let added = libraryAdditions[library] ?? []
            let fields = (library == "log" ? PolicyNames.logLevels : sandbox?.libraries[library]).map { $0 + added.sorted() }
            if let fields, !fields.contains(key) {
                report(.error, .unknownField, at: position, PolicyNames.unknownLibraryField(library, key, known: fields))
            }
            return .function("\(library).\(key)")
        case .unknown, .list, .function:
            break
        }
        return .unknown
    }

    /// `object:name(arguments)`: the method must exist; a verb's literal argument is checked as a run would.
    func method(_ object: Expression, _ name: Name, _ arguments: [Expression]) -> ValueKind {
        let kind = expression(object)
        warnIfMaybeNil(object)
        let what: String
        switch kind {
        case .object(let shape): what = shape
        case .hookEvent: what = "event"
        default:
            visit(arguments)
            return .unknown
        }
        guard let shape = PolicyNames.shapes[what] else { return .unknown }
        guard shape.methods.contains(name.text) else {
            report(.error, .unknownMethod, at: name.position, PolicyNames.unknownMember(name.text, of: shape))
            visit(arguments)
            return .unknown
        }
        return methodCall(on: what, name, arguments)
    }

    func visit(_ arguments: [Expression]) {
        for argument in arguments { _ = expression(argument) }
    }

    /// A table constructor; fields named like durations, days or times are checked wherever they are
    /// written, unless the call they are passed to checks them already.
    func table(_ fields: [TableField], checkedByCaller: Bool) {
        for field in fields {
            switch field {
            case .positional(let value): _ = expression(value)
            case .keyed(let key, let value):
                _ = expression(key)
                _ = expression(value)
            case .named(let name, let value):
                _ = expression(value)
                if !checkedByCaller { checkFilterDuration(name, value) }
            }
        }
    }

    /// Marks locals tested by a condition (`if c then`, `c == nil`, `not c`, `c and …`): they were checked for nil.
    func markTested(_ test: Expression) {
        switch test.kind {
        case .name(let text): lookup(text)?.nilBecause = nil
        case .paren(let inner): markTested(inner)
        case .unary("not", let operand): markTested(operand)
        case .binary(let operation, let left, let right) where ["==", "~=", "and", "or"].contains(operation):
            markTested(left)
            markTested(right)
        default: break
        }
    }

    /// A local that may be nil, used without a test: one warning per local.
    func warnIfMaybeNil(_ object: Expression) {
        guard case .name(let text) = object.kind, let local = lookup(text), let reason = local.nilBecause, !local.warnedNil else { return }
        // A local declared without a value may be set by another function before this one runs.
        if reason == "it is declared without a value", local.functionDepth != functionDepth { return }
        local.warnedNil = true
        report(
            .warning, .maybeNil, at: object.position,
            "'\(text)' may be nil here (\(reason)): test it first, for example if \(text) == nil then return end")
    }

    /// Why a local declared from `value` may be nil: the finders return nil when nothing matches.
    func nilReason(_ value: Expression) -> String? {
        guard case .call(let callee, _) = value.kind, case .name(let api) = callee.kind, lookup(api) == nil,
            ["session", "computer", "station"].contains(api)
        else { return nil }
        return "\(api)() returns nil when there is no such \(api)"
    }
}
