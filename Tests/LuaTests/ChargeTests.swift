import Testing

@testable import Lua

/// Work done in C or Swift is charged by what it does (issue 9, point 3).
@Suite struct ChargeTests {
    private func expectBudget(_ script: String, instructions: Int = 2_000_000, setup: (LuaState) -> Void = { _ in })
        throws
    {
        let lua = try quickState(instructions: instructions)
        setup(lua)
        let error = luaError { try lua.run(script, path: "cost.lua") }
        #expect(error?.kind == .budget, "\(String(describing: error))")
        #expect(try lua.run("return 1", path: "after.lua") == [1])
    }

    @Test func aReaderFunctionGivenToLoadIsCharged() throws {
        try expectBudget(
            """
            local piece = ("x = 1 "):rep(100000)
            while true do
              local sent = false
              load(function() if sent then return nil end sent = true return piece end)
            end
            """)
    }

    @Test func longDateFormatsAreCharged() throws {
        try expectBudget("local f = ('%c'):rep(50000) while true do os.date(f, 0) end")
    }

    @Test func formatAndByteRangesAreCharged() throws {
        try expectBudget("local s = ('x'):rep(1e6) while true do string.format('%s%s', s, s) end")
        try expectBudget("local s = ('x'):rep(1e5) while true do select('#', s:byte(1, -1)) end")
    }

    @Test func aTableSharedAtManyPlacesIsRefusedQuickly() throws {
        let lua = try quickState()
        lua.register("take") { _ in [] }
        let error = luaError {
            try lua.run("local t = {} for i = 1, 20 do t = { a = t, b = t } end take(t)", path: "dag.lua")
        }
        #expect(error?.message.contains("the same table appears twice") == true, "\(String(describing: error))")
    }

    @Test func convertingArgumentsIsChargedPerValue() throws {
        // 200 calls converting 10,000 values each: 2,000,000 values for a 1,000,000 budget.
        try expectBudget(
            """
            local t = {} for i = 1, 10000 do t[i] = i end
            for i = 1, 200 do take(t) end
            """, instructions: 1_000_000, setup: { $0.register("take") { _ in [] } })
    }

    @Test func aResultLargerThanTheMemoryLeftIsRefusedBeforeItIsBuilt() throws {
        let lua = try quickState(memory: 4 << 20)
        let big = LuaValue.table(LuaTable(array: (0..<200_000).map { .string("station-\($0)") }))
        lua.register("everything") { _ in [big] }
        let error = luaError { try lua.run("local all = everything() return #all", path: "big.lua") }
        #expect(error?.message.contains("does not fit in the memory this call has left") == true, "\(String(describing: error))")
        #expect(lua.memoryUsed < 4 << 20)
        lua.register("little") { _ in [.table(LuaTable(array: [1, 2, 3]))] }
        #expect(try lua.run("return #little()", path: "small.lua") == [3])
    }
}
