import Lua
import Testing

private struct PlainSwiftError: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

@Suite struct CallTests {
    @Test func callingLuaFunctions() throws {
        let lua = try LuaState()
        try lua.run("function divmod(a, b) return a // b, a % b, nil end", path: "m.lua")
        let divmod = try #require(lua.global("divmod").functionValue)
        #expect(try lua.call(divmod, [17, 5]) == [3, 2, .nil])
        #expect(try lua.call(divmod, [17.0, 5]) == [3.0, 2.0, .nil])
    }

    @Test func registeredSwiftFunctions() throws {
        let lua = try LuaState()
        var seen: [LuaArguments] = []
        lua.register("probe") { args in
            seen.append(args)
            return [.int(Int64(args.count)), args[0], "done"]
        }
        let results = try lua.run("return probe('a', 2, nil, {x = 1})", path: "p.lua")
        #expect(results == [4, "a", "done"])
        #expect(seen.first?.values == ["a", 2, .nil, .table(LuaTable(fields: ["x": 1]))])
        #expect(seen.first?[10] == .nil)
        #expect(seen.first?.callerLocation() == LuaLocation(file: "p.lua", line: 1))
    }

    @Test func callerLocationSkipsCFrames() throws {
        let lua = try LuaState()
        var location: LuaLocation?
        lua.register("where") { args in
            location = args.callerLocation()
            return []
        }
        try lua.run("\n\npcall(where)", path: "dir/w.lua")
        #expect(location == LuaLocation(file: "dir/w.lua", line: 3))
    }

    @Test func swiftErrorsBecomeLuaErrorsWithLocation() throws {
        let lua = try LuaState()
        lua.register("refuse") { _ in throw LuaScriptError("not today") }
        lua.register("crash") { _ in throw PlainSwiftError() }
        let caught = try lua.run(
            """
            local ok, err = pcall(refuse)
            local ok2, err2 = pcall(function() crash() end)
            return ok, err, ok2, err2
            """, path: "e.lua")
        #expect(caught == [false, "e.lua:1: not today", false, "e.lua:2: disk on fire"])

        let uncaught = luaError { try lua.run("local x = 1\nrefuse()", path: "e.lua") }
        #expect(uncaught?.kind == .runtime)
        #expect(uncaught?.message == "e.lua:2: not today")
        #expect(uncaught?.location == LuaLocation(file: "e.lua", line: 2))
        #expect(uncaught?.traceback?.contains("e.lua:2") == true)
    }

    @Test func nestedCallsFromSwiftIntoLua() throws {
        let lua = try LuaState()
        lua.register("apply") { [unowned lua] args in
            guard let f = args[0].functionValue else { throw LuaScriptError("apply: expected a function") }
            return try lua.call(f, Array(args.values.dropFirst()))
        }
        #expect(try lua.run("return apply(function(x, y) return x * y, 'ok' end, 6, 7)", path: "n.lua") == [42, "ok"])
        // Inside a coroutine, and two levels deep.
        let deep = try lua.run(
            """
            return coroutine.wrap(function()
                return apply(apply, function(x) return x + 1 end, 1)
            end)()
            """, path: "n.lua")
        #expect(deep == [2])
        // Errors of the nested call reach the script as they are.
        let error = luaError { try lua.run("apply(function() error('inner') end)", path: "n.lua") }
        #expect(error?.message == "n.lua:1: inner")
        #expect(try lua.run("return apply(pcall, error, 'x', 0)", path: "n.lua") == [false, "x"])
    }

    @Test func callbacksOutliveTheCallThatRegisteredThem() throws {
        let lua = try LuaState()
        var handlers: [String: LuaFunction] = [:]
        lua.register("on") { args in
            guard let event = args[0].stringValue, let handler = args[1].functionValue else {
                throw LuaScriptError("on: expected an event name and a function")
            }
            handlers[event] = handler
            return []
        }
        try lua.run(
            """
            local greeting = "hello"
            on("signed_in", function(e) return greeting .. ", " .. e.user, e.station end)
            """, path: "policy.lua")
        let handler = try #require(handlers["signed_in"])
        #expect(handler.location == LuaLocation(file: "policy.lua", line: 2))
        let event = LuaValue.table(LuaTable(fields: ["user": "ann", "station": 7]))
        #expect(try lua.call(handler, [event]) == ["hello, ann", 7])
        #expect(try lua.call(handler, [event]) == ["hello, ann", 7])

        let bad = luaError { try lua.run("on(42)", path: "policy.lua") }
        #expect(bad?.message == "policy.lua:1: on: expected an event name and a function")
    }

    @Test func swiftFunctionsInTables() throws {
        let lua = try LuaState()
        let twice = lua.makeFunction { args in [.int((args[0].intValue ?? 0) * 2)] }
        lua.setGlobal("api", .table(LuaTable(fields: ["twice": .function(twice), "version": "1"])))
        #expect(try lua.run("return api.twice(21), api.version", path: "api.lua") == [42, "1"])
    }

    @Test func printGoesToTheHandler() throws {
        let lua = try LuaState()
        try lua.run("print('discarded by default')", path: "p.lua")
        var lines: [String] = []
        lua.printHandler = { lines.append($0) }
        try lua.run("print('a', 1, nil, true, 2.5) print()", path: "p.lua")
        #expect(lines == ["a\t1\tnil\ttrue\t2.5", ""])
    }

    @Test func functionsOfAnotherStateAreRejected() throws {
        let one = try LuaState()
        let two = try LuaState()
        let f = try one.load("return 1", path: "one.lua")
        #expect(luaError { try two.call(f) }?.message.contains("another Lua state") == true)
        #expect(luaError { try two.trySetGlobal("f", .function(f)) } != nil)
    }
}
