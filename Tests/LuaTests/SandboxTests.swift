import Lua
import Testing

@Suite struct SandboxTests {
    @Test(arguments: [
        "io", "package", "require", "debug", "dofile", "loadfile", "os.execute", "os.exit", "os.remove",
        "os.rename", "os.getenv", "os.tmpname", "os.setlocale", "string.dump", "(\"\").dump",
    ])
    func forbiddenFunctionsAreAbsent(expression: String) throws {
        let lua = try LuaState()
        #expect(try lua.run("return \(expression) == nil", path: "sandbox.lua") == [true])
    }

    @Test(arguments: [
        "os.time", "os.clock", "os.date", "os.difftime", "string.rep", "string.format", "table.concat",
        "math.floor", "utf8.char", "coroutine.wrap", "pcall", "load", "setmetatable", "print",
    ])
    func safeFunctionsArePresent(expression: String) throws {
        let lua = try LuaState()
        #expect(try lua.run("return type(\(expression))", path: "sandbox.lua") == ["function"])
    }

    @Test func theStringMetatableIsProtected() throws {
        let lua = try LuaState()
        #expect(try lua.run("return getmetatable('')", path: "s.lua") == [false])
        #expect(try lua.run("return ('x'):rep(3), ('abc'):upper()", path: "s.lua") == ["xxx", "ABC"])
        let error = luaError { try lua.run("getmetatable('').__index = {}", path: "s.lua") }
        #expect(error?.kind == .runtime)
    }

    @Test func binaryChunksAreRefusedEverywhere() throws {
        for sandboxed in [true, false] {
            let lua = try LuaState(sandboxed: sandboxed)
            let results = try lua.run(
                #"""
                local f1, e1 = load("\27Lua\84\0 not really bytecode")
                local f2, e2 = load("\27Lua\84\0 not really bytecode", "x", "b")
                return f1, e1, f2, e2
                """#, path: "bin.lua")
            #expect(results[0] == .nil && results[2] == .nil)
            #expect(results[1].stringValue?.contains("attempt to load a binary chunk") == true)
            #expect(results[3].stringValue?.contains("attempt to load a binary chunk") == true)
            let direct = luaError { try lua.load("\u{1B}Lua\u{54}\0", path: "bin.lua") }
            #expect(direct?.kind == .syntax)
        }
    }

    @Test func loadOfTextWorksWithTheSandboxGlobals() throws {
        let lua = try LuaState()
        let results = try lua.run(
            """
            x = 5
            local f = load("return x")
            local g = load("return x", "chunk", "t", { x = 7 })
            local h = load(function() return nil end)
            return f(), g(), type(h)
            """, path: "load.lua")
        #expect(results == [5, 7, "function"])
    }

    @Test func collectgarbageOnlyCounts() throws {
        let lua = try LuaState()
        #expect(try lua.run("return type(collectgarbage('count'))", path: "gc.lua") == ["number"])
        let error = luaError { try lua.run("collectgarbage('stop')", path: "gc.lua") }
        #expect(error?.message == #"gc.lua:1: collectgarbage("stop") is not allowed in the sandbox"#)
    }

    @Test func finalizersAreRefused() throws {
        let lua = try LuaState()
        let error = luaError { try lua.run("setmetatable({}, { __gc = function() end })", path: "gc.lua") }
        #expect(error?.message == "gc.lua:1: __gc metamethods are not allowed in the sandbox")
        #expect(try lua.run("return getmetatable(setmetatable({}, { __index = {} })) ~= nil", path: "mt.lua") == [true])
    }

    @Test func unsandboxedStatesHaveTheFullLibrary() throws {
        let lua = try LuaState(sandboxed: false)
        #expect(
            try lua.run("return type(io), type(os.getenv), type(string.dump)", path: "full.lua")
                == ["table", "function", "function"])
    }
}
