import LuaSyntax

/// Statements: scopes, declarations, assignments, loops, and code after a `return`.
extension PolicyAnalysis {
    func block(_ block: Block, declaring locals: [LocalName] = [], then last: Expression? = nil) {
        push(locals)
        statements(block.statements)
        if let last { condition(last) }
        pop()
    }

    func statements(_ list: [Statement]) {
        var ended = false
        for statement in list {
            // A label after a jump is where another jump lands: reachable.
            if case .label = statement.kind { ended = false }
            if ended {
                report(
                    .warning, .unreachable, at: statement.position,
                    "unreachable code: the statement before it always returns, breaks or raises an error")
                ended = false
            }
            self.statement(statement)
            if terminates(statement) { ended = true }
        }
    }

    func statement(_ statement: Statement) {
        switch statement.kind {
        case .local(let names, let values):
            let kinds = values.map { expression($0) }
            for (index, local) in names.enumerated() {
                let value = index < values.count ? values[index] : nil
                var body: FunctionBody?
                if case .function(let function)? = value?.kind { body = function }
                // `local t` and `local t = nil` are nil until assigned (only a trailing list may fill it).
                let unset =
                    value.map {
                        guard case .nil = $0.kind else { return false }
                        return true
                    } ?? (index >= values.count && values.isEmpty)
                declare(
                    LocalName(
                        local.name, role: .variable, kind: index < kinds.count ? kinds[index] : .unknown,
                        nilBecause: unset ? "it is declared without a value" : value.flatMap(nilReason), body: body))
            }
        case .assign(let targets, let values):
            let kinds = values.map { expression($0) }
            for (index, target) in targets.enumerated() {
                assign(target, kind: index < kinds.count ? kinds[index] : .unknown)
            }
        case .call(let call):
            _ = expression(call)
        case .do(let body):
            block(body)
        case .while(let test, let body):
            condition(test)
            block(body)
        case .repeat(let body, let test):
            block(body, then: test)
        case .if(let clauses, let otherwise):
            for clause in clauses {
                condition(clause.condition)
                block(clause.block)
            }
            if let otherwise { block(otherwise) }
        case .numericFor(let name, let first, let last, let step, let body):
            for value in [first, last] + (step.map { [$0] } ?? []) { _ = expression(value) }
            block(body, declaring: [LocalName(name, role: .loopVariable, kind: .unknown)])
        case .genericFor(let names, let values, let body):
            let element = iterated(values)
            let locals = names.enumerated().map { index, name in
                LocalName(name, role: .loopVariable, kind: index == 1 ? element : .unknown)
            }
            block(body, declaring: locals)
        case .function(let name, let body):
            if name.fields.isEmpty, name.method == nil {
                if let local = lookup(name.base.text) {
                    local.kind = .unknown
                } else {
                    writeGlobal(name.base)
                }
            } else {
                if name.fields.count == 1, name.method == nil, isLibrary(name.base.text), lookup(name.base.text) == nil {
                    addToLibrary(name.base.text, name.fields[0].text)
                }
                _ = read(name.base)
            }
            let implicitSelf = name.method.map { LocalName(Name("self", at: $0.position), role: .parameter, kind: .unknown) }
            function(body, parameters: [], implicit: implicitSelf)
        case .localFunction(let name, let body):
            declare(LocalName(name, role: .function, kind: .unknown, body: body))
            function(body, parameters: [])
        case .return(let values):
            for value in values { _ = expression(value) }
        case .break, .goto, .label:
            break
        }
    }

    /// `x = value`: a local takes the value's kind; a global is the file's own (or an API name overwritten).
    private func assign(_ target: Expression, kind: ValueKind) {
        switch target.kind {
        case .name(let text):
            if let local = lookup(text) {
                if local.kind != kind { local.kind = .unknown }
                local.nilBecause = nil
            } else {
                writeGlobal(Name(text, at: target.position))
            }
        case .field(let object, let name):
            if case .name(let library) = object.kind, isLibrary(library), lookup(library) == nil {
                addToLibrary(library, name.text)
            }
            _ = expression(object)
        case .index(let object, let key):
            _ = expression(object)
            _ = expression(key)
        default:
            _ = expression(target)
        }
    }

    /// The kind of the second variable of `for _, x in ipairs(list)` (or `pairs`).
    private func iterated(_ values: [Expression]) -> ValueKind {
        guard values.count == 1, case .call(let callee, let arguments) = values[0].kind, case .name(let iterator) = callee.kind,
            iterator == "ipairs" || iterator == "pairs", lookup(iterator) == nil, let list = arguments.first
        else {
            for value in values { _ = expression(value) }
            return .unknown
        }
        for argument in arguments.dropFirst() { _ = expression(argument) }
        if case .list(let element) = expression(list) { return element }
        return .unknown
    }

    /// A function's body in a scope of its own, its parameters of the given kinds.
    func function(_ body: FunctionBody, parameters kinds: [ValueKind], implicit: LocalName? = nil) {
        let parameters = body.parameters.enumerated().map { index, name in
            LocalName(name, role: .parameter, kind: index < kinds.count ? kinds[index] : .unknown)
        }
        functionDepth += 1
        defer { functionDepth -= 1 }
        block(body.block, declaring: (implicit.map { [$0] } ?? []) + parameters)
    }

    /// `string.trim = …`: the file adds a field to a library, which reads may use.
    func addToLibrary(_ library: String, _ field: String) {
        libraryAdditions[library, default: []].insert(field)
    }

    /// A condition: a local tested in it no longer "may be nil".
    func condition(_ test: Expression) {
        markTested(test)
        _ = expression(test)
    }

    /// Whether nothing after `statement` in its block can run.
    func terminates(_ statement: Statement) -> Bool {
        switch statement.kind {
        case .return, .break, .goto: return true
        case .call(let call):
            if case .call(let callee, _) = call.kind, case .name("error") = callee.kind, lookup("error") == nil { return true }
            return false
        case .do(let body): return body.statements.last.map(terminates) ?? false
        case .if(let clauses, let otherwise?):
            return clauses.allSatisfy { $0.block.statements.last.map(terminates) ?? false }
                && (otherwise.statements.last.map(terminates) ?? false)
        default: return false
        }
    }
}
