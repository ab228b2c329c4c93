import Lua
import LuaSyntax
import Testing

let stringLiterals: [String] = [
    "'plain'", "\"double\"", "'\\n\\t\\\\\\\"\\'\\a\\b\\f\\r\\v'", "'a\\z   \n\t  b'", "'\\x41\\x6a\\x7F'",
    "'\\65\\066\\0067'", "'\\0'", "'\\u{48}\\u{e9}\\u{20AC}\\u{1F600}'", "'line\\\nnext'", "'line\\\r\nnext'",
    "[[long]]", "[[\nfirst newline skipped]]", "[==[ has ]] and ]=] ]==]", "[[a\r\nb\n\rc\rd]]", "''",
    "'caf\u{E9}'", "'\\u{7FF}\\u{800}\\u{FFFF}\\u{10000}\\u{10FFFF}'", "'\\z'", "'tab\there'",
]

@Suite struct StringValueTests {
    @Test(arguments: stringLiterals) func decodedValueIsLuas(_ literal: String) throws {
        let lua = try LuaState()
        let expected = try lua.run("return \(literal)", path: "x.lua").first?.stringValue
        let chunk = try LuaParser.parse("return \(literal)")
        guard case .return(let values) = chunk.block.statements.first?.kind, case .string(let value) = values.first?.kind else {
            Issue.record("no string in \(literal)")
            return
        }
        #expect(value == expected)
    }

    @Test func extendedUTF8BeyondUnicode() throws {
        var lexer = LuaLexer("'\\u{7FFFFFFF}'")
        let token = try lexer.next()
        #expect(token.kind == .string)
        // Six bytes, not valid UTF-8: replaced when made a Swift String.
        #expect(token.text.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
    }

    @Test func tokensOfAllKinds() throws {
        var lexer = LuaLexer("local x = a // b >> 2 ~= c :: ... .. == <= >= 0x1p4 'q' -- c\n--[==[ x ]==] y")
        var texts: [String] = []
        var kinds: [TokenKind] = []
        while true {
            let token = try lexer.next()
            if token.kind == .eof { break }
            texts.append(token.text)
            kinds.append(token.kind)
        }
        #expect(texts == ["local", "x", "=", "a", "//", "b", ">>", "2", "~=", "c", "::", "...", "..", "==", "<=", ">=", "0x1p4", "q", "y"])
        #expect(kinds.first == .keyword && kinds[1] == .name && kinds[16] == .number && kinds[17] == .string)
    }
}
