import Lua
import Testing

@Suite struct LifetimeTests {
    @Test func functionsOutliveClose() throws {
        let lua = try LuaState()
        let f = try #require(try lua.run("return function() return 1 end", path: "f.lua").first?.functionValue)
        #expect(try lua.call(f) == [1])
        lua.close()
        lua.close()  // idempotent
        #expect(lua.isClosed)
        #expect(luaError { try lua.call(f) }?.message == "the Lua state is closed")
        #expect(luaError { try lua.run("return 1", path: "x.lua") } != nil)
        #expect(lua.global("print") == .nil)
        lua.setGlobal("x", 1)
        #expect(lua.memoryUsed == 0)
    }

    @Test func functionsOutliveTheState() throws {
        var kept: LuaFunction?
        var swift: LuaFunction?
        do {
            let lua = try LuaState()
            kept = try lua.run("return print", path: "f.lua").first?.functionValue
            swift = lua.makeFunction { _ in [] }
        }
        #expect(kept != nil && swift != nil)
        kept = nil
        swift = nil
    }

    @Test func closingFromInsideACallIsDeferred() throws {
        let lua = try LuaState()
        lua.register("shutdown") { [unowned lua] _ in
            lua.close()
            return ["still running"]
        }
        #expect(try lua.run("return shutdown()", path: "c.lua") == ["still running"])
        #expect(lua.isClosed)
    }

    @Test func referencesAreReleased() throws {
        let lua = try LuaState()
        let make = try lua.load("return function() end, {}", path: "r.lua")
        for _ in 0..<2000 { _ = try lua.call(make) }
        try lua.run("collectgarbage('count')", path: "gc.lua")
        let settled = lua.memoryUsed
        for _ in 0..<20000 { _ = try lua.call(make) }
        #expect(lua.memoryUsed < settled + 256 * 1024)
    }
}
