import LuaSyntax
import Testing

/// An expression as a compact s-expression: `(+ a (* b c))`.
func render(_ expression: Expression) -> String {
    switch expression.kind {
    case .nil: "nil"
    case .true: "true"
    case .false: "false"
    case .vararg: "..."
    case .number(let text): text
    case .string(let value): "\"\(value)\""
    case .function(let body): "(function \(body.parameters.map(\.text).joined(separator: " "))\(body.isVararg ? " ..." : ""))"
    case .table(let fields): "{" + fields.map(render).joined(separator: " ") + "}"
    case .name(let name): name
    case .field(let object, let name): "(. \(render(object)) \(name.text))"
    case .index(let object, let key): "([] \(render(object)) \(render(key)))"
    case .call(let function, let arguments): "(call \(([function] + arguments).map(render).joined(separator: " ")))"
    case .method(let object, let name, let arguments):
        "(: \(([render(object), name.text] + arguments.map(render)).joined(separator: " ")))"
    case .binary(let op, let left, let right): "(\(op) \(render(left)) \(render(right)))"
    case .unary(let op, let operand): "(\(op) \(render(operand)))"
    case .paren(let inner): "(paren \(render(inner)))"
    }
}

func render(_ field: TableField) -> String {
    switch field {
    case .positional(let value): render(value)
    case .named(let name, let value): "\(name.text)=\(render(value))"
    case .keyed(let key, let value): "[\(render(key))]=\(render(value))"
    }
}

/// The value of `return <expression>`, rendered.
func renderedExpression(_ source: String) throws -> String {
    let chunk = try LuaParser.parse("return " + source)
    guard case .return(let values) = chunk.block.statements.first?.kind, let first = values.first else { return "?" }
    return render(first)
}

@Suite struct TreeTests {
    @Test func precedenceAndAssociativity() throws {
        #expect(try renderedExpression("a + b * c ^ d ^ e .. f .. g") == "(.. (+ a (* b (^ c (^ d e)))) (.. f g))")
        #expect(try renderedExpression("not a == b") == "(== (not a) b)")
        #expect(try renderedExpression("-x ^ 2") == "(- (^ x 2))")
        #expect(try renderedExpression("a or b and c") == "(or a (and b c))")
        #expect(try renderedExpression("a < b == c") == "(== (< a b) c)")
        #expect(try renderedExpression("a | b ~ c & d << e .. f") == "(| a (~ b (& c (<< d (.. e f)))))")
        #expect(try renderedExpression("1 - 2 - 3") == "(- (- 1 2) 3)")
        #expect(try renderedExpression("2 ^ -3 ^ 2") == "(^ 2 (- (^ 3 2)))")
        #expect(try renderedExpression("#t // 2 % 3") == "(% (// (# t) 2) 3)")
        #expect(try renderedExpression("~a ~ b") == "(~ (~ a) b)")
        #expect(try renderedExpression("(a + b) * c") == "(* (paren (+ a b)) c)")
    }

    @Test func callsAndMethods() throws {
        #expect(try renderedExpression("a.b.c:d\"x\"") == "(: (. (. a b) c) d \"x\")")
        #expect(try renderedExpression("f{1}(2)[3]") == "([] (call (call f {1}) 2) 3)")
        #expect(try renderedExpression("o:m(1, ...)") == "(: o m 1 ...)")
        #expect(try renderedExpression("function(a, b, ...) end") == "(function a b ...)")
    }

    @Test func tableConstructors() throws {
        #expect(try renderedExpression("{1, x = 2; [k] = 3, 'y';}") == "{1 x=2 [k]=3 \"y\"}")
        #expect(try renderedExpression("{}") == "{}")
        #expect(try renderedExpression("{x == 1}") == "{(== x 1)}")
    }

    @Test func numeralsAsWritten() throws {
        #expect(try renderedExpression("0x1p4") == "0x1p4")
        #expect(try renderedExpression("{3., .5, 1e-3, 0xA.8p1}") == "{3. .5 1e-3 0xA.8p1}")
    }

    @Test func statementKindsAndPositions() throws {
        let source = """
            local a <const>, b = 1
            function m.n:o(x) return x end
            for i = 1, 2 do ::top:: goto top end
            x, y.z = f()
              obj:go()
            """
        let statements = try LuaParser.parse(source).block.statements
        #expect(statements.map(\.position.line) == [1, 2, 3, 4, 5])
        #expect(statements[4].position == SourcePosition(line: 5, column: 3))
        guard case .local(let names, let values) = statements[0].kind else {
            Issue.record("local")
            return
        }
        #expect(names.map(\.name.text) == ["a", "b"])
        #expect(names.map(\.attribute) == ["const", nil])
        #expect(names[1].name.position == SourcePosition(line: 1, column: 18))
        #expect(values.count == 1)
        guard case .function(let name, let body) = statements[1].kind else {
            Issue.record("function")
            return
        }
        #expect(name.base.text == "m" && name.fields.map(\.text) == ["n"] && name.method?.text == "o")
        #expect(name.method?.position == SourcePosition(line: 2, column: 14))
        #expect(body.position == SourcePosition(line: 2, column: 1))
        #expect(body.parameters.map(\.text) == ["x"])
        #expect(body.block.end == SourcePosition(line: 2, column: 28))
        guard case .numericFor(let variable, _, _, nil, let loop) = statements[2].kind else {
            Issue.record("for")
            return
        }
        #expect(variable.position == SourcePosition(line: 3, column: 5))
        #expect(loop.statements.count == 2)
        guard case .assign(let targets, _) = statements[3].kind else {
            Issue.record("assign")
            return
        }
        #expect(targets.map(render) == ["x", "(. y z)"])
        guard case .call(let call) = statements[4].kind else {
            Issue.record("call")
            return
        }
        #expect(render(call) == "(: obj go)")
    }

    @Test func blocksEndAtTheirClosingWord() throws {
        let chunk = try LuaParser.parse("if a then\n  b()\nelse\n  c()\nend\n")
        guard case .if(let clauses, let elseBlock) = chunk.block.statements.first?.kind else {
            Issue.record("if")
            return
        }
        #expect(clauses[0].block.end == SourcePosition(line: 3, column: 1))
        #expect(elseBlock?.end == SourcePosition(line: 5, column: 1))
        #expect(chunk.block.end == SourcePosition(line: 6, column: 1))
    }

    @Test func localFunctionAndAnonymousFunctionPositions() throws {
        let chunk = try LuaParser.parse("local function f() end\nx = function() end")
        guard case .localFunction(let name, let body) = chunk.block.statements[0].kind else {
            Issue.record("local function")
            return
        }
        #expect(name.text == "f" && name.position == SourcePosition(line: 1, column: 16))
        #expect(body.position == SourcePosition(line: 1, column: 7))
        guard case .assign(_, let values) = chunk.block.statements[1].kind else {
            Issue.record("assign")
            return
        }
        #expect(values[0].position == SourcePosition(line: 2, column: 5))
    }

    @Test func newlinesOfEveryKindCountOnce() throws {
        let statements = try LuaParser.parse("a = 1\r\nb = 2\n\rc = 3\rd = 4\ne = [[x\r\ny]]").block.statements
        #expect(statements.map(\.position.line) == [1, 2, 3, 4, 5])
        guard case .assign(_, let values) = statements[4].kind else {
            Issue.record("assign")
            return
        }
        #expect(render(values[0]) == "\"x\ny\"")
    }

    @Test func aShebangLineIsSkipped() throws {
        let statements = try LuaParser.parse("#!/usr/bin/env lua\nprint(1)").block.statements
        #expect(statements.map(\.position.line) == [2])
    }

    @Test func aLongPolicyParsesQuickly() throws {
        var source = ""
        for index in 0..<50 {
            source += """
                hook("login", function(event)
                  local user <const> = event.user
                  if user and user.name ~= "guest" then
                    for _, s in ipairs(sessions[user.name] or {}) do
                      s:notify(("hello %s #%d"):format(user.name, \(index)) .. [[!]])
                    end
                  end
                end)

                """
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try LuaParser.parse(source) }
        #expect(elapsed < .milliseconds(200))  // a debug build; release is far faster
    }
}
