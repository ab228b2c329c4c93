import Lua
import Testing

@Suite struct MemoryTests {
    private func expectMemoryError(_ script: String) throws {
        let lua = try LuaState(limits: LuaLimits(memoryBytes: 16 << 20, instructionsPerCall: 100_000_000))
        let error = luaError { try lua.run(script, path: "bomb.lua") }
        #expect(error?.kind == .memory, "\(String(describing: error))")
        #expect(error?.message.contains("memory limit of 16 MiB exceeded") == true)
        // The state stays usable, and the garbage of the bomb is gone.
        #expect(try lua.run("return #string.rep('ab', 1000)", path: "after.lua") == [2000])
        #expect(lua.memoryUsed < 4 << 20)
    }

    @Test func stringRepBomb() throws {
        try expectMemoryError("return string.rep('x', 2^30)")
        try expectMemoryError("local s = ('x'):rep(2^30) return #s")
    }

    @Test func pcallCannotKeepAllocating() throws {
        try expectMemoryError(
            """
            local ok, err = pcall(string.rep, "x", 2^30)
            while true do local t = { 1, 2, 3 } end
            """)
        try expectMemoryError("local ok = pcall(string.rep, 'x', 2^30) return 'survived'")
        try expectMemoryError(
            """
            local keep = {}
            for i = 1, math.huge do
                pcall(function() keep[#keep + 1] = ("y"):rep(100000) .. i end)
            end
            """)
    }

    @Test func tableGrowthBomb() throws {
        try expectMemoryError("local t = {} for i = 1, math.huge do t[i] = i end")
        try expectMemoryError("local t = {} for i = 1, math.huge do t[#t + 1] = ('x'):rep(200) .. i end")
        try expectMemoryError("local t = {} for i = 1, math.huge do t['k' .. i] = {} end")
    }

    @Test func theMessageNamesTheFunction() throws {
        let lua = try LuaState(limits: LuaLimits(memoryBytes: 8 << 20))
        try lua.run("function grow() return string.rep('x', 2^30) end", path: "lib.lua")
        let grow = try #require(lua.global("grow").functionValue)
        let error = luaError { try lua.call(grow) }
        #expect(error?.kind == .memory)
        #expect(error?.message == "memory limit of 8 MiB exceeded (in the function defined at lib.lua:1)")
        #expect(error?.location == LuaLocation(file: "lib.lua", line: 1))
    }

    @Test func memoryIsAccounted() throws {
        let lua = try LuaState()
        let before = lua.memoryUsed
        #expect(before > 0)
        try lua.run("big = string.rep('x', 4 << 20)", path: "m.lua")
        #expect(lua.memoryUsed >= before + (4 << 20))
        try lua.run("big = nil collectgarbage('count')", path: "m.lua")
    }
}
