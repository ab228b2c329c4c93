import Lua
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ErrorTests {
    @Test func syntaxErrorsCarryFileAndLine() throws {
        let lua = try LuaState()
        let error = luaError { try lua.load("local a = 1\nlocal b = = 2", path: "cfg/station.lua") }
        #expect(error?.kind == .syntax)
        #expect(error?.message.hasPrefix("cfg/station.lua:2: ") == true)
        #expect(error?.location == LuaLocation(file: "cfg/station.lua", line: 2))
        #expect(luaError { try lua.run("return (", path: "x.lua") }?.kind == .syntax)
    }

    @Test func runtimeErrorsCarryFileLineAndTraceback() throws {
        let lua = try LuaState()
        let error = luaError {
            try lua.run(
                """
                local function inner(t)
                    return t.field.missing
                end
                local value = inner({})
                return value
                """, path: "rt.lua")
        }
        #expect(error?.kind == .runtime)
        #expect(error?.message == "rt.lua:2: attempt to index a nil value (field 'field')")
        #expect(error?.location == LuaLocation(file: "rt.lua", line: 2))
        let traceback = try #require(error?.traceback)
        #expect(traceback.hasPrefix("stack traceback:"))
        #expect(traceback.contains("rt.lua:2: in "))
        #expect(traceback.contains("rt.lua:4: in main chunk"))
    }

    @Test func errorObjectsThatAreNotStrings() throws {
        let lua = try LuaState()
        let table = luaError { try lua.run("\nerror({ code = 1 })", path: "obj.lua") }
        #expect(table?.message == "obj.lua:2: (error object is a table value)")
        #expect(table?.location == LuaLocation(file: "obj.lua", line: 2))
        let none = luaError { try lua.run("error()", path: "obj.lua") }
        #expect(none?.message == "obj.lua:1: (error object is a nil value)")
        let number = luaError { try lua.run("error(42)", path: "obj.lua") }
        #expect(number?.message == "obj.lua:1: 42")
        let levelZero = luaError { try lua.run("error('bare', 0)", path: "obj.lua") }
        #expect(levelZero?.message == "obj.lua:1: bare")
        let levelTwo = luaError {
            try lua.run("local function check(x) if not x then error('x is required', 2) end end\n\ncheck(nil)", path: "obj.lua")
        }
        #expect(levelTwo?.message == "obj.lua:3: x is required")
    }

    @Test func messagesAreOneLine() throws {
        let lua = try LuaState()
        let error = luaError { try lua.run("error('first\\nsecond')", path: "ml.lua") }
        #expect(error?.message == "ml.lua:1: first second")
    }

    @Test func loadFile() throws {
        let lua = try LuaState()
        let missing = luaError { try lua.loadFile("/nonexistent/policy.lua") }
        #expect(missing?.kind == .file)
        #expect(missing?.message.contains("/nonexistent/policy.lua") == true)
        #expect(luaError { try lua.loadFile("/tmp") }?.kind == .file)

        let path = "/tmp/luatests-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).lua"
        let source = "#!/usr/bin/env lua\nlocal x = 41\nreturn x + 1, nil + 1\n"
        let file = try #require(fopen(path, "w"))
        fputs(source, file)
        fclose(file)
        defer { unlink(path) }
        let chunk = try lua.loadFile(path)
        #expect(chunk.location == LuaLocation(file: path, line: 0))
        let error = luaError { try lua.call(chunk) }
        #expect(error?.location == LuaLocation(file: path, line: 3))
    }

    @Test func descriptionIsTheMessage() {
        let error = LuaError(kind: .runtime, message: "a.lua:3: boom")
        #expect(error.description == "a.lua:3: boom")
        #expect(error.location == LuaLocation(file: "a.lua", line: 3))
        #expect(LuaError(kind: .runtime, message: "no place: here 3: x").location == nil)
        #expect(LuaLocation(file: "a.lua", line: 3).description == "a.lua:3")
    }
}

@Suite struct LongPathTests {
    @Test func errorsNameLongPathsInFull() throws {
        let lua = try LuaState()
        let path = "/tmp/a-folder-with-a-rather-long-name-\(String(repeating: "x", count: 40))/policy.lua"
        do {
            try lua.run("local x = 1\nerror('boom')", path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "\(path):2: boom")
            #expect(error.location == LuaLocation(file: path, line: 2))
            #expect(error.traceback?.contains(path) == true)
        }
        #expect(throws: LuaError.self) { try lua.load("if then", path: path) }
        do {
            _ = try lua.load("if then", path: path)
        } catch {
            #expect(error.message.hasPrefix("\(path):1:"))
        }
    }
}
