// Expressions (manual §3.4), with the precedence and associativity of §3.4.8.
extension Parser {
    /// The priority unary operators bind their operand with: tighter than every binary operator
    /// but `^`.
    static let unaryPriority = 12

    /// Left and right priorities of the binary operators; right-associative ones (`..`, `^`) bind
    /// less on their right.
    static let binaryPriorities: [String: (left: Int, right: Int)] = [
        "or": (1, 1), "and": (2, 2),
        "<": (3, 3), ">": (3, 3), "<=": (3, 3), ">=": (3, 3), "~=": (3, 3), "==": (3, 3),
        "|": (4, 4), "~": (5, 5), "&": (6, 6), "<<": (7, 7), ">>": (7, 7),
        "..": (9, 8), "+": (10, 10), "-": (10, 10),
        "*": (11, 11), "/": (11, 11), "//": (11, 11), "%": (11, 11),
        "^": (14, 13),
    ]

    var unaryOperator: String? {
        switch token.kind {
        case .keyword where token.text == "not": "not"
        case .symbol where token.text == "-" || token.text == "#" || token.text == "~": token.text
        default: nil
        }
    }

    var binaryPriority: (left: Int, right: Int)? {
        guard token.kind == .symbol || token.kind == .keyword else { return nil }
        return Self.binaryPriorities[token.text]
    }

    /// `exp`, reading binary operators that bind tighter than `limit`.
    mutating func expression(limit: Int = 0) throws(LuaSyntaxError) -> Expression {
        try enterLevel()
        defer { leaveLevel() }
        var left: Expression
        if let op = unaryOperator {
            let position = token.position
            try advance()
            left = Expression(.unary(op, try expression(limit: Self.unaryPriority)), at: position)
        } else {
            left = try simpleExpression()
        }
        while let priority = binaryPriority, priority.left > limit {
            let op = token.text
            try advance()
            let right = try expression(limit: priority.right)
            left = Expression(.binary(op, left, right), at: left.position)
        }
        return left
    }

    /// `exp {, exp}`
    mutating func expressionList() throws(LuaSyntaxError) -> [Expression] {
        var list = [try expression()]
        while try accept(",") { list.append(try expression()) }
        return list
    }

    /// Literals, `...`, constructors, functions and suffixed expressions.
    private mutating func simpleExpression() throws(LuaSyntaxError) -> Expression {
        let position = token.position
        let kind: Expression.Kind
        switch token.kind {
        case .number: kind = .number(token.text)
        case .string: kind = .string(token.text)
        case .keyword where token.text == "nil": kind = .nil
        case .keyword where token.text == "true": kind = .true
        case .keyword where token.text == "false": kind = .false
        case .symbol where token.text == "...":
            guard functions[functions.count - 1].isVararg else { throw error("cannot use '...' outside a vararg function") }
            kind = .vararg
        case .symbol where token.text == "{":
            return try table()
        case .keyword where token.text == "function":
            let keyword = token
            try advance()
            return Expression(.function(try functionBody(keyword: keyword)), at: position)
        default:
            return try suffixedExpression()
        }
        try advance()
        return Expression(kind, at: position)
    }

    /// `Name` or `( exp )`
    private mutating func primaryExpression() throws(LuaSyntaxError) -> Expression {
        let position = token.position
        if token.kind == .name {
            let name = token.text
            try advance()
            return Expression(.name(name), at: position)
        }
        guard at("(") else { throw error("unexpected symbol") }
        try advance()
        openBrackets += 1
        let inner = try expression()
        try expect(")", closing: "(", at: position)
        openBrackets -= 1
        return Expression(.paren(inner), at: position)
    }

    /// A primary expression followed by fields, indexes, calls and method calls.
    mutating func suffixedExpression() throws(LuaSyntaxError) -> Expression {
        var expression = try primaryExpression()
        let position = expression.position
        while true {
            if try accept(".") {
                expression = Expression(.field(expression, try name()), at: position)
            } else if try accept("[") {
                openBrackets += 1
                let key = try self.expression()
                try expect("]")
                openBrackets -= 1
                expression = Expression(.index(expression, key), at: position)
            } else if try accept(":") {
                let method = try name()
                expression = Expression(.method(expression, method, try arguments()), at: position)
            } else if at("(") || at("{") || token.kind == .string {
                expression = Expression(.call(expression, try arguments()), at: position)
            } else {
                return expression
            }
        }
    }

    /// `( [explist] )`, a table constructor or a string.
    private mutating func arguments() throws(LuaSyntaxError) -> [Expression] {
        let position = token.position
        if token.kind == .string {
            let text = token.text
            try advance()
            return [Expression(.string(text), at: position)]
        }
        if at("{") { return [try table()] }
        guard try accept("(") else { throw error("function arguments expected") }
        openBrackets += 1
        let list = at(")") ? [] : try expressionList()
        try expect(")", closing: "(", at: position)
        openBrackets -= 1
        return list
    }

    /// `{ [field {sep field} [sep]] }`
    private mutating func table() throws(LuaSyntaxError) -> Expression {
        let position = token.position
        try advance()
        openBrackets += 1
        var fields: [TableField] = []
        while !at("}") {
            fields.append(try field())
            if try accept(",") { continue }
            guard try accept(";") else { break }
        }
        try expect("}", closing: "{", at: position)
        openBrackets -= 1
        return Expression(.table(fields), at: position)
    }

    /// `[exp] = exp`, `Name = exp` or `exp`
    private mutating func field() throws(LuaSyntaxError) -> TableField {
        if token.kind == .name, try peek().isSymbol("=") {
            let key = try name()
            try advance()
            return .named(key, try expression())
        }
        if try accept("[") {
            let key = try expression()
            try expect("]")
            try expect("=")
            return .keyed(key, try expression())
        }
        return .positional(try expression())
    }

    /// `( [parlist] ) block end`, after the `function` keyword (and name) were read; a method
    /// (`hasSelf`) has the local `self` too.
    mutating func functionBody(keyword: Token, hasSelf: Bool = false) throws(LuaSyntaxError) -> FunctionBody {
        let open = openBlock("function", at: keyword)
        try expect("(")
        var parameters: [Name] = []
        var isVararg = false
        if !at(")") {
            repeat {
                if try accept("...") {
                    isVararg = true
                    break
                }
                guard token.kind == .name else { throw error("<name> or '...' expected") }
                parameters.append(try name())
            } while try accept(",")
        }
        try expect(")")
        functions.append(FunctionContext(isVararg: isVararg))
        let mark = declare((hasSelf ? [Name("self", at: keyword.position)] : []) + parameters)
        let body = try block()
        locals.removeLast(locals.count - mark)
        try closeBlock(open)
        try closeFunctionGotos()
        functions.removeLast()
        return FunctionBody(parameters: parameters, isVararg: isVararg, block: body, position: keyword.position)
    }
}
