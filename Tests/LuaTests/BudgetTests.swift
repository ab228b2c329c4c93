import Lua
import Testing

@Suite struct BudgetTests {
    private func expectBudgetError(_ script: String, line: Int? = nil) throws {
        let lua = try quickState()
        let error = luaError { try lua.run(script, path: "loop.lua") }
        #expect(error?.kind == .budget, "\(String(describing: error))")
        #expect(error?.message.contains("instruction budget exceeded (200000 instructions)") == true)
        if let line {
            #expect(error?.location == LuaLocation(file: "loop.lua", line: line))
            #expect(error?.message.hasPrefix("loop.lua:\(line): ") == true)
        }
        // The state works for the following call, with a fresh budget.
        #expect(try lua.run("local n = 0 for i = 1, 20000 do n = n + i end return n", path: "after.lua") == [200_010_000])
    }

    @Test func infiniteLoopIsStopped() throws {
        try expectBudgetError("local x = 0\nwhile true do\n  x = x + 1\nend", line: 3)
    }

    @Test func defaultLimitsStopAnInfiniteLoop() throws {
        let lua = try LuaState()
        let error = luaError { try lua.run("while true do end", path: "loop.lua") }
        #expect(error?.message == "loop.lua:1: instruction budget exceeded (10000000 instructions)")
    }

    @Test func pcallCannotSwallowIt() throws {
        try expectBudgetError("for i = 1, 3 do pcall(function() while true do end end) end return 'escaped'")
        try expectBudgetError("while true do pcall(function() while true do end end) end")
        try expectBudgetError("for i = 1, 3 do xpcall(function() while true do end end, function(m) return m end) end")
    }

    @Test func coroutinesCannotSwallowIt() throws {
        try expectBudgetError(
            """
            local co = coroutine.create(function() while true do end end)
            for i = 1, 1000 do coroutine.resume(co) end
            return "escaped"
            """)
        try expectBudgetError(
            """
            for i = 1, 1000 do
                coroutine.resume(coroutine.create(function() while true do end end))
            end
            """)
        try expectBudgetError(
            """
            local f = coroutine.wrap(function() while true do end end)
            for i = 1, 3 do pcall(f) end
            return "escaped"
            """)
        try expectBudgetError(
            """
            while true do
                pcall(coroutine.wrap(function() while true do end end))
            end
            """)
    }

    @Test func theErrorCarriesATraceback() throws {
        let lua = try quickState()
        let error = luaError {
            try lua.run("local function spin()\n  while true do end\nend\nspin()", path: "loop.lua")
        }
        #expect(error?.kind == .budget)
        #expect(error?.location == LuaLocation(file: "loop.lua", line: 2))
        #expect(error?.traceback?.contains("loop.lua:4") == true)
    }

    @Test func budgetCanBeGivenPerCall() throws {
        let lua = try quickState()
        let work = try lua.load("local n = 0 for i = 1, 100000 do n = n + 1 end return n", path: "work.lua")
        #expect(luaError { try lua.call(work, budget: 50_000) }?.kind == .budget)
        #expect(try lua.call(work, budget: 10_000_000) == [100_000])
        #expect(try lua.call(work, budget: 0) == [100_000])  // unlimited
    }

    @Test func nestedCallsShareTheOuterBudget() throws {
        let lua = try quickState()
        lua.register("callback") { [unowned lua] args in
            guard let f = args[0].functionValue else { return [] }
            return try lua.call(f, budget: 1_000_000_000)  // ignored when nested
        }
        let error = luaError {
            try lua.run("for i = 1, 10 do callback(function() for j = 1, 50000 do end end) end", path: "nest.lua")
        }
        #expect(error?.kind == .budget)
        // A Swift function that swallows the nested budget error cannot rescue the script.
        lua.register("swallow") { [unowned lua] args in
            guard let f = args[0].functionValue else { return [] }
            _ = try? lua.call(f)
            return ["swallowed"]
        }
        let swallowed = luaError { try lua.run("swallow(function() while true do end end) return 'escaped'", path: "s.lua") }
        #expect(swallowed?.kind == .budget)
    }
}
