import Testing

@testable import Lua

/// Everything Lua code runs inside a call is charged to that call, whatever the code catches.
@Suite struct EscapeTests {
    private func expectStopped(_ script: String, instructions: Int = 200_000) throws {
        let lua = try quickState(instructions: instructions)
        let error = luaError { try lua.run(script, path: "escape.lua") }
        #expect(error?.kind == .budget, "\(String(describing: error))")
        #expect(try lua.run("return 1", path: "after.lua") == [1])
    }

    @Test func anEndlessMessageHandlerIsStopped() throws {
        try expectStopped("xpcall(function() while true do end end, function() while true do end end)")
    }

    @Test func aBoundedButLongMessageHandlerIsCharged() throws {
        try expectStopped(
            """
            local n = 0
            xpcall(function() while true do end end, function() for i = 1, 1e8 do n = n + 1 end end)
            return n
            """)
    }

    @Test func aHandlerThatCatchesTheTripCannotGoOn() throws {
        try expectStopped(
            """
            while true do
              xpcall(function() while true do end end, function(e) return e end)
              pcall(function() while true do end end)
            end
            """)
    }

    @Test func closeMetamethodsRunUnderTheBudget() throws {
        try expectStopped(
            """
            local ok = pcall(function()
              local x <close> = setmetatable({}, { __close = function() while true do end end })
              error("boom")
            end)
            while true do end
            """)
    }

    @Test func xpcallStillBehavesLikeXpcall() throws {
        let lua = try quickState()
        #expect(try lua.run("return xpcall(function(a, b) return a + b end, print, 2, 3)", path: "x.lua") == [true, 5])
        #expect(
            try lua.run("return xpcall(function() error('boom', 0) end, function(e) return 'handled ' .. e end)", path: "x.lua")
                == [false, "handled boom"])
        #expect(try lua.run("return select('#', xpcall(function() end, print))", path: "x.lua") == [1])
        let missing = luaError { try lua.run("return xpcall(function() end)", path: "x.lua") }
        #expect(missing?.message.contains("bad argument #2 to 'xpcall' (function expected") == true, "\(String(describing: missing))")
        let failing = try lua.run("return xpcall(function() error('a', 0) end, function() error('b', 0) end)", path: "x.lua")
        #expect(failing == [false, "b"])
    }

    // A coroutine stopped by the budget keeps its hooks off: closing it must never run its
    // __close (which nothing could stop then).
    static let closer = "setmetatable({}, { __close = function() while true do end end })"

    @Test func aWrappedCoroutineStoppedByTheBudgetIsNotClosed() throws {
        try expectStopped("coroutine.wrap(function() local x <close> = \(Self.closer) while true do end end)()")
    }

    @Test func closingAStoppedCoroutineIsRefused() throws {
        try expectStopped(
            """
            local co = coroutine.create(function() local x <close> = \(Self.closer) while true do end end)
            coroutine.resume(co)
            coroutine.close(co)
            """)
    }

    @Test func closingAStoppedCoroutineInALaterCallIsRefused() throws {
        let lua = try quickState()
        _ = luaError {
            try lua.run(
                "stopped = coroutine.create(function() local x <close> = \(Self.closer) while true do end end) coroutine.resume(stopped)",
                path: "first.lua")
        }
        let error = luaError { try lua.run("return coroutine.close(stopped)", path: "later.lua") }
        #expect(error?.message.contains("stopped by the instruction budget and cannot be closed") == true, "\(String(describing: error))")
    }

    @Test func wrapAndCloseStillBehaveAsDocumented() throws {
        let lua = try quickState()
        #expect(
            try lua.run(
                "local f = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return f(1), f(5)", path: "w.lua")
                == [2, 10])
        let failing = luaError { try lua.run("local f = coroutine.wrap(function() error('boom') end) f()", path: "w.lua") }
        #expect(failing?.message.contains("boom") == true)
        let dead = luaError { try lua.run("local f = coroutine.wrap(function() end) f() f()", path: "w.lua") }
        #expect(dead?.message.contains("cannot resume dead coroutine") == true)
        #expect(
            try lua.run(
                "local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) return coroutine.close(co)",
                path: "c.lua") == [true])
    }

    @Test func buildingLongStringsIsChargedByTheirSize() throws {
        try expectStopped("local s = ('x'):rep(1e4):rep(100) while true do local x = s .. s end", instructions: 2_000_000)
        try expectStopped("local s = ('x'):rep(1e4):rep(100) while true do local x = table.concat({ s, s }) end", instructions: 2_000_000)
    }

    @Test func aFunctionUnderXpcallMayYield() throws {
        let lua = try quickState()
        let results = try lua.run(
            """
            local co = coroutine.wrap(function() return xpcall(function() coroutine.yield(1) return 2 end, print) end)
            return co(), co()
            """, path: "y.lua")
        #expect(results == [1, true, 2])
    }
}
