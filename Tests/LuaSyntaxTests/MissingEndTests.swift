import LuaSyntax
import Testing

/// The message and place of the error LuaParser reports for `source`.
func parseError(_ source: String) -> LuaSyntaxError? {
    do {
        _ = try LuaParser.parse(source)
        return nil
    } catch {
        return error
    }
}

@Suite struct MissingEndTests {
    @Test func ifInsideAHookFunction() {
        let source = """
            on("x", function(e)
              if e.user then
                print(1)
            end)
            """
        let error = parseError(source)
        #expect(
            error?.message
                == "'end' expected (to close 'function' at line 1) near ')'; the 'if' at line 2 is probably missing its 'end' "
                + "(the 'end' at line 4 lines up with line 1)")
        #expect(error?.position == SourcePosition(line: 4, column: 4))
    }

    @Test func forLoopInsideAHook() {
        let source = """
            hook("login", function(e)
              for _, s in ipairs(e.sessions) do
                if s.idle then
                  s:close()
                end
              log(e)
            end)
            """
        #expect(
            parseError(source)?.message
                == "'end' expected (to close 'function' at line 1) near ')'; the 'for' at line 2 is probably missing its 'end' "
                + "(the 'end' at line 7 lines up with line 1)")
    }

    @Test func ifInsideAForAtTheEndOfFile() {
        let source = "function f()\n  for i = 1, 3 do\n    if x then\n      y()\n  end\nend\n"
        let error = parseError(source)
        #expect(
            error?.message
                == "'end' expected (to close 'function' at line 1) near <eof>; the 'if' at line 3 is probably missing its 'end' "
                + "(the 'end' at line 5 lines up with line 2)")
        #expect(error?.position.line == 7)
    }

    @Test func functionAtTheEndOfFile() {
        let source = "function f()\n  if a then\n    b()\n  end\n"
        #expect(parseError(source)?.message == "'end' expected (to close 'function' at line 1) near <eof>")
    }

    @Test func missingUntil() {
        let source = "function f()\n  repeat\n    x()\n  end\nend"
        let error = parseError(source)
        #expect(error?.message == "'until' expected (to close 'repeat' at line 2) near 'end'")
        #expect(error?.position == SourcePosition(line: 4, column: 3))
    }

    @Test func missingParenthesisOfACall() {
        let source = "f(a, function()\n  x()\nend\ng()"
        #expect(parseError(source)?.message == "')' expected (to close '(' at line 1) near 'g'")
    }

    @Test func missingBraceOfATable() {
        let source = "local t = {\n  a = 1,\n  b = 2\n\nprint(t)"
        #expect(parseError(source)?.message == "'}' expected (to close '{' at line 1) near 'print'")
    }

    @Test func anEndLinedUpWithNothing() {
        let source = "function f()\n    if x then\n        y()\n  end\n"
        #expect(
            parseError(source)?.message
                == "'end' expected (to close 'function' at line 1) near <eof>; the 'if' at line 2 is probably missing its 'end' "
                + "(the 'end' at line 4 is indented less than line 2)")
    }

    @Test func aWrongClosingWordNamesTheOpenBlock() {
        #expect(parseError("while x do\n  y()\nuntil z")?.message == "'end' expected (to close 'while' at line 1) near 'until'")
        #expect(parseError("if x then y() end end")?.message == "<eof> expected near 'end'")
        #expect(parseError("f(function() x() y")?.message == "syntax error near <eof>")
    }

    @Test func aStrayBracketOutsideAnyBracketIsAnUnexpectedSymbol() {
        #expect(parseError("function f()\n  if x then\n    y())\n  end\nend")?.message == "unexpected symbol near ')'")
        #expect(parseError("function f()\n  1\nend")?.message == "unexpected symbol near '1'")
    }

    @Test func aCommaInsideATableNamesTheOpenFunction() {
        let source = "local t = {\n  f = function()\n    if x then\n      y()\n  end,\n  g = 1,\n}"
        #expect(
            parseError(source)?.message
                == "'end' expected (to close 'function' at line 2) near ','; the 'if' at line 3 is probably missing its 'end' "
                + "(the 'end' at line 5 lines up with line 2)")
    }

    @Test func sameLineMessagesOmitTheLine() {
        #expect(parseError("f(function() return 1 2)")?.message == "'end' expected near '2'")
        #expect(parseError("f(1 2)")?.message == "')' expected near '2'")
    }

    @Test func luaLikeMessages() {
        #expect(parseError("x = = 1")?.message == "unexpected symbol near '='")
        #expect(parseError("x y = 1")?.message == "syntax error near 'y'")
        #expect(parseError("local = 1")?.message == "<name> expected near '='")
        #expect(parseError("x = \"abc")?.message == "unfinished string near <eof>")
        #expect(parseError("x = \"abc\nd\"")?.message == "unfinished string near '\"abc'")
        #expect(parseError("x = 3..2")?.message == "malformed number near '3..2'")
        #expect(parseError("if x print(1) end")?.message == "'then' expected near 'print'")
        #expect(parseError("for k, v of t do end")?.message == "'in' expected near 'of'")
        #expect(parseError("for i print(i) end")?.message == "'=' or 'in' expected near 'print'")
        #expect(parseError("f() = 1")?.message == "syntax error near '='")
        #expect(parseError("--[==[ never")?.message == "unfinished long comment (starting at line 1) near <eof>")
        #expect(parseError("break")?.message == "break outside a loop at line 1")
        #expect(parseError("goto nowhere")?.message == "no visible label 'nowhere' for <goto> at line 1")
        #expect(parseError("x = '\\q'")?.message == "invalid escape sequence near ''\\q'")
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(parseError(deep)?.message.hasPrefix("too many nested levels") == true)
        let deepBlocks = String(repeating: "do ", count: 5000) + String(repeating: "end ", count: 5000)
        #expect(parseError(deepBlocks) != nil)
    }
}
