// Blocks and statements (manual §3.3, grammar of §9).
extension Parser {
    /// Whether the current token ends a block: `end`, `else`, `elseif`, `until` or the end of file.
    var atBlockEnd: Bool {
        switch token.kind {
        case .eof: true
        case .keyword: ["end", "else", "elseif", "until"].contains(token.text)
        default: false
        }
    }

    /// `block ::= {stat} [retstat]`, in a new scope for labels.
    mutating func block() throws(LuaSyntaxError) -> Block {
        openLabelScope()
        let localsBefore = locals.count
        var statements: [Statement] = []
        while !atBlockEnd {
            if at("return") {
                statements.append(try returnStatement())
                break
            }
            if let statement = try statement() { statements.append(statement) }
        }
        let end = token.position
        closeLabelScope()
        locals.removeLast(locals.count - localsBefore)
        return Block(statements: statements, end: end)
    }

    /// A block inside a loop (where `break` may go).
    mutating func loopBlock() throws(LuaSyntaxError) -> Block {
        functions[functions.count - 1].loopDepth += 1
        defer { functions[functions.count - 1].loopDepth -= 1 }
        return try block()
    }

    /// One statement, or nil for `;`.
    mutating func statement() throws(LuaSyntaxError) -> Statement? {
        try enterLevel()
        defer { leaveLevel() }
        let position = token.position
        if token.kind == .keyword {
            switch token.text {
            case "if": return Statement(try ifStatement(), at: position)
            case "while": return Statement(try whileStatement(), at: position)
            case "do": return Statement(try doStatement(), at: position)
            case "for": return Statement(try forStatement(), at: position)
            case "repeat": return Statement(try repeatStatement(), at: position)
            case "function": return Statement(try functionStatement(), at: position)
            case "local": return Statement(try localStatement(), at: position)
            case "break": return Statement(try breakStatement(), at: position)
            case "goto": return Statement(try gotoStatement(), at: position)
            default: break
            }
        }
        if try accept(";") { return nil }
        if at("::") { return Statement(try labelStatement(), at: position) }
        if token.kind == .name || at("(") { return Statement(try expressionStatement(), at: position) }
        if let open = openBlocks.last, openBrackets > 0, [")", "]", "}", ","].contains(token.text), token.kind == .symbol {
            throw missingClose(of: open)
        }
        throw error("unexpected symbol")
    }

    /// `if exp then block {elseif exp then block} [else block] end`
    private mutating func ifStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let open = openBlock("if")
        var clauses: [IfClause] = []
        repeat {
            try advance()  // `if` or `elseif`
            let condition = try expression()
            try expect("then")
            clauses.append(IfClause(condition: condition, block: try block()))
        } while at("elseif")
        var elseBlock: Block?
        if try accept("else") { elseBlock = try block() }
        try closeBlock(open)
        return .if(clauses, else: elseBlock)
    }

    /// `while exp do block end`
    private mutating func whileStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let open = openBlock("while")
        try advance()
        let condition = try expression()
        try expect("do")
        let body = try loopBlock()
        try closeBlock(open)
        return .while(condition, body)
    }

    /// `do block end`
    private mutating func doStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let open = openBlock("do")
        try advance()
        let body = try block()
        try closeBlock(open)
        return .do(body)
    }

    /// `for Name = exp, exp [, exp] do block end` or `for namelist in explist do block end`
    private mutating func forStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let open = openBlock("for")
        try advance()
        let first = try name()
        if try accept("=") {
            let start = try expression()
            try expect(",")
            let limit = try expression()
            let step = try accept(",") ? try expression() : nil
            try expect("do")
            let mark = declare([first])
            let body = try loopBlock()
            locals.removeLast(locals.count - mark)
            try closeBlock(open)
            return .numericFor(first, start, limit, step, body)
        }
        guard at(",") || at("in") else { throw error("'=' or 'in' expected") }
        var names = [first]
        while try accept(",") { names.append(try name()) }
        try expect("in")
        let values = try expressionList()
        try expect("do")
        let mark = declare(names)
        let body = try loopBlock()
        locals.removeLast(locals.count - mark)
        try closeBlock(open)
        return .genericFor(names, values, body)
    }

    /// `repeat block until exp`
    private mutating func repeatStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let open = openBlock("repeat")
        try advance()
        let body = try loopBlock()
        try closeBlock(open)
        return .repeat(body, until: try expression())
    }

    /// `function funcname funcbody`
    private mutating func functionStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let keyword = token
        try advance()
        let base = try name()
        var fields: [Name] = []
        while try accept(".") { fields.append(try name()) }
        let method = try accept(":") ? try name() : nil
        let name = FunctionName(base: base, fields: fields, method: method)
        return .function(name, try functionBody(keyword: keyword, hasSelf: method != nil))
    }

    /// `local function Name funcbody` or `local attnamelist [= explist]`
    private mutating func localStatement() throws(LuaSyntaxError) -> Statement.Kind {
        try advance()
        if at("function") {
            let keyword = token
            try advance()
            let name = try name()
            locals.append((name.text, false))
            return .localFunction(name, try functionBody(keyword: keyword))
        }
        var names: [LocalName] = []
        var closeCount = 0
        repeat {
            let name = try name()
            var attribute: String?
            if try accept("<") {
                let word = try self.name().text
                try expect(">")
                guard word == "const" || word == "close" else {
                    throw LuaSyntaxError("unknown attribute '\(word)'", at: token.position)
                }
                if word == "close" { closeCount += 1 }
                guard closeCount <= 1 else {
                    throw LuaSyntaxError("multiple to-be-closed variables in local list", at: token.position)
                }
                attribute = word
            }
            names.append(LocalName(name: name, attribute: attribute))
        } while try accept(",")
        let values = try accept("=") ? try expressionList() : []
        locals += names.map { ($0.name.text, $0.attribute != nil) }
        return .local(names, values)
    }

    /// `return [explist] [';']`
    private mutating func returnStatement() throws(LuaSyntaxError) -> Statement {
        let position = token.position
        try advance()
        let values = atBlockEnd || at(";") ? [] : try expressionList()
        _ = try accept(";")
        return Statement(.return(values), at: position)
    }

    private mutating func breakStatement() throws(LuaSyntaxError) -> Statement.Kind {
        if functions[functions.count - 1].loopDepth == 0 { addBreakOutsideLoop(at: token.position) }
        try advance()
        return .break
    }

    /// `goto Name`
    private mutating func gotoStatement() throws(LuaSyntaxError) -> Statement.Kind {
        try advance()
        let label = try name()
        addGoto(label)
        return .goto(label)
    }

    /// `:: Name ::`
    private mutating func labelStatement() throws(LuaSyntaxError) -> Statement.Kind {
        try advance()
        let label = try name()
        try expect("::")
        try addLabel(label)
        return .label(label)
    }

    /// `varlist = explist` or `functioncall`
    private mutating func expressionStatement() throws(LuaSyntaxError) -> Statement.Kind {
        let first = try suffixedExpression()
        guard at("=") || at(",") else {
            guard first.isCall else { throw error("syntax error") }
            return .call(first)
        }
        var targets = [first]
        try checkAssignable(first)
        while try accept(",") {
            let target = try suffixedExpression()
            try checkAssignable(target)
            targets.append(target)
        }
        try expect("=")
        return .assign(targets, try expressionList())
    }
}

extension Parser {
    /// Brings `names` into scope as writable locals; returns how many locals there were before.
    mutating func declare(_ names: [Name]) -> Int {
        let mark = locals.count
        locals += names.map { ($0.text, false) }
        return mark
    }

    /// A target of `=` must be a name, field or index, and not a `<const>` or `<close>` local.
    func checkAssignable(_ target: Expression) throws(LuaSyntaxError) {
        guard target.isAssignable else { throw error("syntax error") }
        guard case .name(let name) = target.kind, let local = locals.last(where: { $0.name == name }), local.isReadOnly else {
            return
        }
        throw LuaSyntaxError("attempt to assign to const variable '\(name)'", at: token.position)
    }
}

extension Expression {
    /// A name, field or index: what may stand left of `=`.
    var isAssignable: Bool {
        switch kind {
        case .name, .field, .index: true
        default: false
        }
    }

    /// A function or method call.
    var isCall: Bool {
        switch kind {
        case .call, .method: true
        default: false
        }
    }
}
