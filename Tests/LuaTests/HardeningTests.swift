import Testing

@testable import Lua

/// Work that happens where the count hook cannot see it (new coroutines, C
/// library loops, conversions in host mode), and resources a long-running
/// host must get back.
@Suite struct HardeningTests {
    private func expectBudget(_ script: String, instructions: Int = 2_000_000, sandboxed: Bool = true) throws {
        let lua = try quickState(instructions: instructions, sandboxed: sandboxed)
        let error = luaError { try lua.run(script, path: "cost.lua") }
        #expect(error?.kind == .budget, "\(String(describing: error))")
        #expect(try lua.run("return 1", path: "after.lua") == [1])
    }

    // MARK: 1. Coroutines

    @Test func shortCoroutinesAreCharged() throws {
        // Each coroutine runs fewer instructions than the hook interval.
        let work = "local function work() local n = 0 for i = 1, 300 do n = n + i end return n end\n"
        try expectBudget(work + "for j = 1, 1000 do coroutine.wrap(work)() end return 'escaped'", instructions: 200_000)
        try expectBudget(
            work + "for j = 1, 1000 do coroutine.resume(coroutine.create(work)) end return 'escaped'",
            instructions: 200_000)
    }

    @Test func resumingManyTimesIsCounted() throws {
        try expectBudget(
            """
            local co = coroutine.wrap(function() while true do coroutine.yield() end end)
            for i = 1, 1e7 do co() end
            return 'escaped'
            """, instructions: 200_000)
    }

    @Test func ordinaryCoroutinesStillWork() throws {
        let lua = try LuaState()
        let results = try lua.run(
            """
            local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
            local co = coroutine.create(function(a) return a * 2 end)
            return gen(), gen(), gen(), coroutine.resume(co, 21)
            """, path: "co.lua")
        #expect(results == [1, 2, 3, true, 42])
    }

    // MARK: 2. C library loops

    @Test(arguments: [
        "table.move({}, 1, 1e8, 2)",
        "string.rep('', 1e10)",
        "local s = ('x'):rep(0, ''):rep(1e9, '') return #s",
        "for i = 1, 100 do table.unpack({}, 1, 500000) end",
        "return table.concat({}, '', 1, 1e9)",
        "table.insert(setmetatable({}, {__len = function() return 1e8 end}), 1, 0)",
        "table.remove(setmetatable({}, {__len = function() return 1e8 end}), 1)",
        "return ('a'):rep(3000):find('.-.-b')",
        "return ('a'):rep(3000):match('.-.-b')",
        "return ('a'):rep(3000):gsub('.-.-b', '')",
        "for m in ('a'):rep(3000):gmatch('.-.-b') do end",
        "return string.find(('a'):rep(3000), '^(.-)(.-)(.-)b')",
        "return ('a'):rep(40):find(('a?'):rep(40) .. ('a'):rep(40))",
    ])
    func libraryLoopsAreCharged(script: String) throws {
        try expectBudget(script)
    }

    @Test func theTripIsRaisedWhereTheCallIs() throws {
        let lua = try quickState(instructions: 2_000_000)
        let error = luaError { try lua.run("local s = ('a'):rep(3000)\nreturn s:find('.-.-b')", path: "p.lua") }
        #expect(error?.kind == .budget)
        #expect(error?.message == "p.lua:2: instruction budget exceeded (2000000 instructions)")
        // pcall cannot swallow a charged trip either.
        let caught = luaError {
            try lua.run("for i = 1, 3 do pcall(string.rep, '', 1e10) end return 'escaped'", path: "p.lua")
        }
        #expect(caught?.kind == .budget)
    }

    @Test func legitimateLibraryUseIsUnaffected() throws {
        let lua = try LuaState()
        let results = try lua.run(
            """
            local digits = ('12345 '):rep(20000)             -- 120 KB
            local words = 0
            for w in digits:gmatch('%d+') do words = words + 1 end
            local text = ('the quick  brown fox\\n'):rep(5000)  -- 105 KB
            local squeezed, spaces = text:gsub('%s+', ' ')
            local line = ('  key = value  '):match('^%s*(.-)%s*$')
            local k, v = ('name=lab3'):match('(%w+)=(%w+)')
            local t = {} for i = 1, 1000 do t[i] = i end
            table.sort(t, function(a, b) return a > b end)
            table.insert(t, 1, 0)
            return words, spaces, line, k .. v, string.format('%5d', 42), #table.concat(t, ','), t[1], t[2],
                select('#', table.unpack(t)), ('x'):rep(100000):upper():sub(-3), digits:find('345', 1, true)
            """, path: "legit.lua")
        #expect(results == [20000, 20000, "key = value", "namelab3", "   42", 3894, 0, 1000, 1001, "XXX", 3, 5])
    }

    @Test func aLargeStringRepIsStillAMemoryError() throws {
        let lua = try LuaState(limits: LuaLimits(memoryBytes: 16 << 20, instructionsPerCall: 1_000_000))
        #expect(luaError { try lua.run("return ('x'):rep(2^30)", path: "m.lua") }?.kind == .memory)
    }

    @Test func unsandboxedStatesAreChargedToo() throws {
        try expectBudget("string.rep('', 1e10)", sandboxed: false)
        try expectBudget("return ('a'):rep(3000):find('.-.-b')", sandboxed: false)
    }

    // MARK: 3. Shared tables

    @Test func sharedTablesFromLuaAreBounded() throws {
        let lua = try LuaState()
        let error = luaError { try lua.run("local t = {} for i = 1, 31 do t = {t, t} end return t", path: "dag.lua") }
        #expect(error?.kind == .runtime)
        #expect(error?.message.contains("more than 1000000 values") == true, "\(String(describing: error))")
        // A little sharing is fine.
        let small = try lua.run("local t = {} for i = 1, 8 do t = {t, t} end return t", path: "dag.lua")
        #expect(small.first?.tableValue?.array.count == 2)
    }

    @Test func sharedTablesFromSwiftAreBounded() throws {
        let lua = try LuaState()
        var dag = LuaValue.table(LuaTable())
        for _ in 0..<30 { dag = .table(LuaTable(array: [dag, dag])) }
        let error = luaError { try lua.trySetGlobal("dag", dag) }
        #expect(error?.message.contains("more than 1000000 values") == true, "\(String(describing: error))")
    }

    // MARK: 4. Long-running hosts

    @Test func collectedSwiftFunctionsFreeTheirSlots() throws {
        let lua = try LuaState()
        let kept = lua.makeFunction { _ in ["kept"] }
        for _ in 0..<100_000 {
            _ = lua.makeFunction { _ in [] }
        }
        #expect(lua.core.functionSlotCount < 50_000, "\(lua.core.functionSlotCount)")
        lua.core.collectGarbage()
        let settled = lua.core.functionSlotCount
        for _ in 0..<10_000 {
            _ = lua.makeFunction { _ in [] }
        }
        #expect(lua.core.functionSlotCount <= settled + 1)
        #expect(try lua.call(kept) == ["kept"])

        // Functions made while Lua runs (returned to the script and dropped).
        lua.register("make") { [unowned lua] args in
            let n = args[0]
            return [.function(lua.makeFunction { _ in [n] })]
        }
        let results = try lua.run(
            "local last for i = 1, 100000 do last = make(i) end return last(), make('x')()", path: "mk.lua")
        #expect(results == [100_000, "x"])
        #expect(lua.core.functionSlotCount < 50_000, "\(lua.core.functionSlotCount)")
    }

    @Test func calledAfterItsSlotWasReusedAFunctionIsStillItself() throws {
        let lua = try LuaState()
        lua.register("make") { [unowned lua] args in
            let n = args[0]
            return [.function(lua.makeFunction { _ in [n] })]
        }
        let results = try lua.run(
            """
            local keep = {}
            for i = 1, 20000 do
                local f = make(i)
                if i % 1000 == 0 then keep[#keep + 1] = f end
            end
            local sum = 0
            for _, f in ipairs(keep) do sum = sum + f() end
            return sum
            """, path: "reuse.lua")
        #expect(results == [210_000])
    }

    @Test func rememberedChunkPathsAreBounded() throws {
        let lua = try LuaState()
        let directory = "/" + String(repeating: "long-directory-name/", count: 4)
        for i in 0..<1000 {
            _ = try lua.load("return 1", path: "\(directory)chunk-\(i).lua")
        }
        #expect(lua.core.rememberedPathCount <= 256)
        let error = luaError { try lua.run("error('boom')", path: "\(directory)last.lua") }
        #expect(error?.message == "\(directory)last.lua:1: boom")
    }

    // Low priority: binary chunks through loadfile and dofile.

    @Test func unsandboxedLoadfileAndDofileRefuseBinaryChunks() throws {
        let lua = try LuaState(sandboxed: false)
        let results = try lua.run(
            """
            local path = os.tmpname()
            local file = assert(io.open(path, 'wb'))
            file:write(string.dump(function() return 'ran' end))
            file:close()
            local f, loadError = loadfile(path)
            local g = loadfile(path, 'b')
            local ok, doError = pcall(dofile, path)
            os.remove(path)
            return f == nil and g == nil, loadError, ok, doError
            """, path: "bin.lua")
        #expect(results.first == true)
        #expect(results[1].stringValue?.contains("binary chunk") == true)
        #expect(results[2] == false)
        #expect(results[3].stringValue?.contains("binary chunk") == true)
    }
}
