import Foundation
import Lua
import LuaSyntax
import Testing

/// What Lua's own compiler says about a source: nil when it compiles, else the line and message.
func luaVerdict(_ source: String) throws -> (line: Int, message: String)? {
    let lua = try LuaState()
    do {
        _ = try lua.load(source, path: "x.lua")
        return nil
    } catch {
        let message = error.message
        let prefix = "x.lua:"
        guard message.hasPrefix(prefix) else { return (0, message) }
        let rest = message.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isNumber }
        return (Int(digits) ?? 0, String(rest.dropFirst(digits.count + 2)))
    }
}

/// What LuaParser says: nil when it parses, else the error.
func ourVerdict(_ source: String) -> LuaSyntaxError? {
    do {
        _ = try LuaParser.parse(source)
        return nil
    } catch {
        return error
    }
}

/// Compares acceptance (and, for rejections, the line unless `compareLine` is false).
func expectAgreement(_ source: String, compareLine: Bool = true, _ label: String, sourceLocation: SourceLocation = #_sourceLocation)
    throws
{
    let lua = try luaVerdict(source)
    let ours = ourVerdict(source)
    switch (lua, ours) {
    case (nil, nil): break
    case (let lua?, nil):
        Issue.record("\(label): Lua rejects (\(lua.line): \(lua.message)) but LuaParser accepts", sourceLocation: sourceLocation)
    case (nil, let ours?):
        Issue.record("\(label): Lua accepts but LuaParser rejects: \(ours)", sourceLocation: sourceLocation)
    case (let lua?, let ours?):
        if compareLine {
            #expect(
                lua.line == ours.position.line, "\(label): Lua \(lua.line): \(lua.message) / ours \(ours)",
                sourceLocation: sourceLocation)
        }
    }
}

/// The package root, three levels up from this file.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every `.lua` file under policies/, plugins/ and examples/.
func bundledLuaFiles() -> [URL] {
    var files: [URL] = []
    for folder in ["policies", "plugins", "examples"] {
        let root = packageRoot.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
        for case let url as URL in walker where url.pathExtension == "lua" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
}

/// Every ```lua block of README.md and docs/*.md, labelled "file#n".
func documentationBlocks() throws -> [(label: String, source: String)] {
    var documents = [packageRoot.appendingPathComponent("README.md")]
    let docs = packageRoot.appendingPathComponent("docs")
    documents += try FileManager.default.contentsOfDirectory(at: docs, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
    var blocks: [(String, String)] = []
    for document in documents {
        let text = try String(contentsOf: document, encoding: .utf8)
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let lines = current {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    blocks.append(("\(document.lastPathComponent)#\(blocks.count)", lines.joined(separator: "\n")))
                    current = nil
                } else {
                    current = lines + [line]
                }
            } else if line.trimmingCharacters(in: .whitespaces) == "```lua" {
                current = []
            }
        }
    }
    return blocks
}

@Suite struct DifferentialTests {
    @Test func bundledFilesParseExactlyWhenLuaLoadsThem() throws {
        let files = bundledLuaFiles()
        #expect(files.count >= 5)
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            try expectAgreement(source, file.lastPathComponent)
        }
    }

    @Test func documentationBlocksParseExactlyWhenLuaLoadsThem() throws {
        let blocks = try documentationBlocks()
        #expect(blocks.count >= 20)
        for block in blocks { try expectAgreement(block.source, block.label) }
    }

    @Test(arguments: validSnippets) func validSnippet(_ source: String) throws {
        #expect(try luaVerdict(source) == nil, "Lua should accept \(source)")
        #expect(ourVerdict(source) == nil, "\(source)")
    }

    @Test(arguments: invalidSnippets) func invalidSnippet(_ source: String) throws {
        #expect(try luaVerdict(source) != nil, "Lua should reject \(source)")
        try expectAgreement(source, source)
    }

    /// Lua reports these when the function ends (no token of its own): only acceptance is compared.
    @Test(arguments: invalidAtFunctionEnd) func invalidSnippetReportedAtFunctionEnd(_ source: String) throws {
        #expect(try luaVerdict(source) != nil, "Lua should reject \(source)")
        try expectAgreement(source, compareLine: false, source)
    }
}

let validSnippets: [String] = [
    "",
    ";;;",
    "local a = [[long\nstring]]",
    "local a = [==[ has ]] and ]=] inside ]==]",
    "--[[ comment ]] local x = 1",
    "--[==[ multi\nline ]] still ]==] x = 1",
    "-- line comment\nx = 1 -- trailing",
    "x = '\\n\\t\\\\\\\"\\'\\a\\b\\f\\r\\v'",
    "x = 'a\\z    \n   b'",
    "x = '\\x41\\65\\u{48}\\u{7FFFFFFF}'",
    "x = 'line\\\nnext'",
    "x = 0x1p4 + 3. + .5 + 1e-3 + 0xA.8p1 + 0xff + 1E+10 + 0x.8",
    "x = 9007199254740993 + 0xffffffffffffffffff",
    "a.b.c:d\"x\"",
    "f{1, 2; 3, x = 1, [2] = 3;}",
    "f'x' 'y' {z}",
    "for i = 1, 10 do if i % 2 == 0 then goto continue end print(i) ::continue:: end",
    "local x <close> = nil",
    "local a <const>, b = 1, 2",
    "local function f(...) return ... end",
    "function a.b.c:m(x, y, ...) return self end",
    "local f = function() return function() return function() end end end",
    "do return end",
    "do return; end",
    "return",
    "return 1, 2;",
    "while true do break end",
    "repeat local x = 1 until x",
    "for k, v in pairs(t) do end",
    "if a then elseif b then else end",
    "x = a + b * c ^ d ^ e .. f .. g",
    "x = not a == b and -x ^ 2 or #t // 3 % 4",
    "x = a << 1 >> 2 & 3 | 4 ~ 5 ~= ~6",
    "x = a <= b, a >= b, a < b, a > b",
    "(f)()",
    "(f).x = 1",
    "a[1], b.c = f()",
    "x = ...",
    "x = {}",
    "x = {f = function() end,}",
    "goto done; ::done::",
    "::top:: do goto top end",
    "local t = {[[x]]}",
    "x = 1\r\ny = 2\n\rz = 3\rw = 4",
    "x = \"tab\there\"",
    "if x then return end",
    "while false do if x then break end end",
    "local x <const> = 1; do local x = 2; x = 3 end",
    "local self <const> = 1; function t:m() self = 2 end",
    "local x <const> = 1; local function f(x) x = 2 end",
    "local x <const> = 1; for x = 1, 2 do x = 3 end",
]

let invalidSnippets: [String] = [
    "x = = 1",
    "f() = 1",
    "(a) = 1",
    "a, f() = 1",
    "x",
    "x = 'unfinished",
    "x = \"abc\ny\"",
    "x = [[never closed",
    "--[==[ unclosed",
    "--[==[ unclosed ]]",
    "x = [=[ wrong ]==]",
    "x = [= x",
    "x = 3..2",
    "x = 0x",
    "x = 1e",
    "x = 12abc",
    "x = 0xg",
    "x = '\\q'",
    "x = '\\xZZ'",
    "x = '\\256'",
    "x = '\\u{110000000}'",
    "x = '\\u{41'",
    "x = '\\u41'",
    "return 1\nx = 2",
    "do return 1 x = 2 end",
    "function f() return end end",
    "if x then",
    "if x print(1) end",
    "while x print(1) end",
    "for i = 1 print(i) end",
    "for i print(i) end",
    "for k, v of t do end",
    "local function() end",
    "local 1 = 2",
    "local x <foo> = 1",
    "local x <close>, y <close> = 1, 2",
    "function f(a, 1) end",
    "f(",
    "f(1, 2",
    "x = {1, 2",
    "x = {1 2}",
    "x = t[1",
    "x = a.",
    "x = a:b",
    "x = 1 +",
    "x = function() return ... end",
    "repeat x = 1",
    "repeat x = 1 end",
    "on('x', function(e)\n  if e.user then\n    print(1)\nend)",
    "f(a, function()\n  x()\nend\ng()",
    "::a:: ::a::",
    "local x <const> = 1; x = 2",
    "local x <close> = nil\ndo local y; x, y = 1, 2 end",
    "local x <const> = 1\nlocal f = function() x = 2 end",
    "x = @",
    "x = 'caf\u{E9}' y = \u{E9}",
    "end",
    "else",
    "x = }",
    "local t = {\n  a = 1,\n  b = 2\n\nprint(t)",
]

let invalidAtFunctionEnd: [String] = [
    "break",
    "function f() if x then break end end",
    "goto nowhere",
    "do ::inner:: end goto inner",
    "while x do local f = function() break end end",
]
