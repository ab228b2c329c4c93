import Lua
import Testing

@Suite struct ValueTests {
    @Test func scalarsRoundTrip() throws {
        let lua = try LuaState()
        let identity = try #require(try lua.run("return function(...) return ... end", path: "id.lua").first?.functionValue)
        let values: [LuaValue] = [
            .nil, .bool(true), .bool(false), .int(42), .int(.min), .int(.max), .number(1.5), .number(3.0),
            .number(-0.25), .string(""), .string("plain"), .string("héllo, wörld ✓ 日本語 🎓"),
        ]
        let back = try lua.call(identity, values)
        #expect(back == values)
    }

    @Test func integersAndFloatsStayApart() throws {
        let lua = try LuaState()
        let results = try lua.run("return 1, 1.0, 2^53, 7 // 2, 7 / 2, math.maxinteger", path: "n.lua")
        #expect(results == [.int(1), .number(1.0), .number(9_007_199_254_740_992), .int(3), .number(3.5), .int(.max)])
        #expect(LuaValue.number(4.0).intValue == 4)
        #expect(LuaValue.number(4.5).intValue == nil)
        #expect(LuaValue.int(4).doubleValue == 4.0)
        #expect(LuaValue.string("4").intValue == nil)
    }

    @Test func tablesConvertEagerly() throws {
        let lua = try LuaState()
        let result = try lua.run(
            """
            return {
                "a", "b", "c",
                name = "lab 3",
                nested = { deeper = { 1, 2, { x = true } } },
                [10] = "ten", [0] = "zero", [1.5] = "float", [true] = "yes",
            }
            """, path: "t.lua")
        let table = try #require(result.first?.tableValue)
        #expect(table.array == ["a", "b", "c"])
        #expect(table["name"] == "lab 3")
        #expect(table["missing"] == .nil)
        let deeper = table["nested"].tableValue?["deeper"].tableValue
        #expect(deeper?.array.prefix(2) == [1, 2])
        #expect(deeper?.array.last?.tableValue?["x"] == true)
        #expect(table.otherKeys == [.int(10): "ten", .int(0): "zero", .number(1.5): "float", .bool(true): "yes"])
    }

    @Test func tablesWithHolesKeepTheRestInOtherKeys() throws {
        let lua = try LuaState()
        let table = try #require(try lua.run("return {1, 2, nil, 4}", path: "h.lua").first?.tableValue)
        #expect(table.array == [1, 2])
        #expect(table.otherKeys == [.int(4): 4])
    }

    @Test func nestedTablesRoundTrip() throws {
        let lua = try LuaState()
        let identity = try #require(try lua.run("return function(...) return ... end", path: "id.lua").first?.functionValue)
        let table = LuaValue.table(
            LuaTable(
                array: [1, "two", .table(LuaTable(array: [3.5, false]))],
                fields: ["name": "Ünïcode", "inner": .table(LuaTable(fields: ["deep": .table(LuaTable(array: [1]))]))],
                otherKeys: [.int(100): "hundred", .bool(false): "no"]))
        #expect(try lua.call(identity, [table, .table(LuaTable())]) == [table, .table(LuaTable())])
    }

    @Test func functionsRoundTrip() throws {
        let lua = try LuaState()
        let results = try lua.run(
            """
            local function add(a, b) return a + b end
            return add, function(f, x) return f(x, 1) end
            """, path: "f.lua")
        let add = try #require(results.first?.functionValue)
        let apply = try #require(results.last?.functionValue)
        #expect(add.location == LuaLocation(file: "f.lua", line: 1))
        #expect(try lua.call(apply, [.function(add), 41]) == [42])
        let swiftDouble = lua.makeFunction { args in [.int((args[0].intValue ?? 0) * 2)] }
        #expect(swiftDouble.location == nil)
        #expect(try lua.call(apply, [.function(swiftDouble), 21]) == [42])
    }

    @Test func invalidUTF8IsDecodedLossily() throws {
        let lua = try LuaState()
        #expect(try lua.run(#"return "a\255b""#, path: "u.lua") == ["a\u{FFFD}b"])
    }

    @Test func cyclesAndDeepNestingAreErrors() throws {
        let lua = try LuaState()
        let cycle = luaError { try lua.run("local t = {inner = {}} t.inner.back = t return t", path: "c.lua") }
        #expect(cycle?.kind == .runtime)
        #expect(cycle?.message.contains("cycle") == true)
        #expect(cycle?.message.contains(".inner.back") == true)

        let deep = luaError {
            try lua.run("local t = {} for i = 1, 40 do t = {t} end return t", path: "d.lua")
        }
        #expect(deep?.message.contains("nested deeper than 32") == true)

        // A table shared twice without a cycle is fine.
        let shared = try lua.run("local s = {1} return {a = s, b = s}", path: "s.lua")
        #expect(shared.first?.tableValue?["a"] == shared.first?.tableValue?["b"])
    }

    @Test func unsupportedValuesAreErrors() throws {
        let lua = try LuaState()
        let error = luaError { try lua.run("return coroutine.create(print)", path: "co.lua") }
        #expect(error?.message.contains("thread values cannot be passed to Swift") == true)
        #expect(lua.global("coroutine").tableValue?["create"].functionValue != nil)
    }

    @Test func globals() throws {
        let lua = try LuaState()
        lua.setGlobal("config", .table(LuaTable(array: [1, 2], fields: ["name": "x"])))
        lua.setGlobal("count", 3)
        #expect(try lua.run("return config.name, #config, count + 1", path: "g.lua") == ["x", 2, 4])
        try lua.run("answer = 42; greeting = 'hi'", path: "g.lua")
        #expect(lua.global("answer") == 42)
        #expect(lua.global("greeting").stringValue == "hi")
        #expect(lua.global("nothing") == .nil)
        #expect(lua.global("_G") == .nil)  // contains itself

        var deep = LuaValue.table(LuaTable())
        for _ in 0..<40 { deep = .table(LuaTable(array: [deep])) }
        #expect(luaError { try lua.trySetGlobal("deep", deep) }?.message.contains("nested deeper") == true)
        #expect(lua.global("deep") == .nil)
    }

    @Test func typeNames() {
        #expect(LuaValue.nil.typeName == "nil")
        #expect(LuaValue.int(1).typeName == "number")
        #expect(LuaValue.number(1).typeName == "number")
        #expect(LuaValue.table(LuaTable()).typeName == "table")
        #expect(LuaValue.bool(true).typeName == "boolean")
    }
}

@Suite struct KeptMetatableTests {
    @Test func aTablePushedWithAKeptMetatableGetsItInItsOwnStateOnly() throws {
        let lua = try LuaState()
        _ = try lua.run("shape = { __index = function(_, key) return 'no ' .. key end }", path: "mt.lua")
        let kept = try #require(lua.keepMetatable(fromGlobal: "shape"))
        #expect(lua.global("shape") == .nil, "the global is taken away")
        let read = try #require(try lua.run("return function(t) return t.x, t.y end", path: "read.lua").first?.functionValue)
        var table = LuaTable(fields: ["x": .int(1)])
        table.metatable = kept
        #expect(try lua.call(read, [.table(table)]) == [.int(1), .string("no y")])
        let other = try LuaState()
        let readThere = try #require(try other.run("return function(t) return t.x, t.y end", path: "read.lua").first?.functionValue)
        #expect(try other.call(readThere, [.table(table)]) == [.int(1), .nil], "another state ignores it")
        #expect(lua.keepMetatable(fromGlobal: "missing") == nil)
    }
}
