import Lua
import Testing

/// Scripts that try to break the host rather than the sandbox rules.
@Suite struct AdversarialTests {
    @Test func runawayRecursionFailsCleanly() throws {
        let lua = try LuaState()
        let plain = luaError { try lua.run("local function f() return 1 + f() end return f()", path: "r.lua") }
        #expect(plain?.kind == .runtime || plain?.kind == .memory, "\(String(describing: plain))")
        let viaString = luaError { try lua.run("local function f() return ('x'):rep(1):gsub('x', f) end return f()", path: "r.lua") }
        #expect(viaString != nil)
        #expect(try lua.run("return 1", path: "after.lua") == [1])
    }

    @Test func deepSwiftLuaReentrancyHitsTheCStackLimit() throws {
        let lua = try LuaState()
        lua.register("apply") { [unowned lua] args in
            guard let f = args[0].functionValue else { return [] }
            return try lua.call(f, Array(args.values.dropFirst()))
        }
        #expect(
            try lua.run("local function r(n) if n == 0 then return 0 end return 1 + apply(r, n - 1) end return r(40)", path: "deep.lua")
                == [40])
        let error = luaError {
            try lua.run("local function r(n) return apply(r, n + 1) end return r(0)", path: "deep.lua")
        }
        #expect(error?.message.contains("stack overflow") == true, "\(String(describing: error))")
        #expect(try lua.run("return 2", path: "after.lua") == [2])
    }

    @Test func yieldingAcrossASwiftFunctionIsAnError() throws {
        let lua = try LuaState()
        lua.register("apply") { [unowned lua] args in
            guard let f = args[0].functionValue else { return [] }
            return try lua.call(f, Array(args.values.dropFirst()))
        }
        let results = try lua.run(
            """
            local co = coroutine.create(function() apply(coroutine.yield, 1) end)
            return coroutine.resume(co)
            """, path: "y.lua")
        #expect(results.first == false)
        #expect(results.last?.stringValue?.contains("yield across") == true)
    }

    @Test func metamethodsDoNotRunOnHostAccess() throws {
        let lua = try quickState()
        try lua.run(
            """
            setmetatable(_G, {
                __index = function() while true do end end,
                __newindex = function() while true do end end,
            })
            """, path: "mt.lua")
        #expect(lua.global("undefined") == .nil)
        lua.setGlobal("fromHost", 1)
        #expect(lua.global("fromHost") == 1)
        #expect(luaError { try lua.run("return undefined", path: "mt.lua") }?.kind == .budget)
    }

    @Test func hostileToStringAndErrors() throws {
        let lua = try quickState()
        let results = try lua.run(
            """
            local evil = setmetatable({}, { __tostring = function() while true do end end })
            return pcall(error, evil)
            """, path: "ts.lua")
        #expect(results.first == false)
        let error = luaError {
            try lua.run("error(setmetatable({}, { __tostring = function() while true do end end }))", path: "ts.lua")
        }
        #expect(error?.message == "ts.lua:1: (error object is a table value)")
        #expect(
            luaError { try lua.run("print(setmetatable({}, { __tostring = function() while true do end end }))", path: "p.lua") }?.kind
                == .budget)
    }

    @Test func bytesSurviveWhenTheyAreUTF8() throws {
        let lua = try LuaState()
        let text = "nul\0inside, ünïcode"
        #expect(try lua.run("return ...", path: "b.lua") == [])
        lua.setGlobal("s", .string(text))
        #expect(try lua.run("return s, #s", path: "b.lua") == [.string(text), .int(Int64(text.utf8.count))])
    }

    @Test func aReaderFunctionThatNeverEndsIsStopped() throws {
        let lua = try quickState()
        let error = luaError { try lua.run("load(function() while true do end end)", path: "rd.lua") }
        #expect(error?.kind == .budget)
    }
}
