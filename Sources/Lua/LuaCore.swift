// swift-format-ignore-file: AlwaysUseLowerCamelCase

// `L` is the Lua C API's name for a lua_State.
import CLua

/// A Swift function callable from Lua.
typealias LuaBody = (LuaArguments) throws -> [LuaValue]

/// The part of a `LuaState` that `LuaFunction`s keep alive: the raw state and
/// the Swift closure table. Every Lua API call of the module goes through here.
///
/// Calls made outside `lua_pcall` are either marked `-` in the manual or made
/// in host mode (`withHost`), where the allocator ignores the cap, so that
/// `m` calls cannot fail because of it.
final class LuaCore {
    /// The main thread; nil once closed.
    private(set) var main: OpaquePointer?
    let limits: LuaLimits
    let sandboxed: Bool
    var printHandler: ((String) -> Void)?

    /// Swift functions, indexed by the upvalue of their C trampoline. A slot
    /// is emptied once Lua has collected the function (and reused), or when
    /// the state closes.
    private var bodies: [LuaBody?] = []
    /// Empty slots of `bodies`, ready for reuse.
    private var freeSlots: [Int] = []
    /// Slots whose Lua function was collected, noted by a finalizer and
    /// emptied at the next safe point (`reclaim`).
    private var collectedSlots: [Int] = []
    /// Threads currently running a Swift function, innermost last. Nested
    /// calls run on the innermost one, which may be a coroutine.
    private var threads: [OpaquePointer] = []
    /// Protected operations in progress (> 1 when Swift re-enters Lua).
    private var depth = 0
    private var budgetOfCall = 0
    private var closeRequested = false
    private var chunkPaths = ChunkPaths()

    init(limits: LuaLimits, sandboxed: Bool) {
        self.limits = limits
        self.sandboxed = sandboxed
    }

    /// Creates the Lua state. Separate from `init` because the state needs `self`.
    func open() throws(LuaError) {
        let cap = max(limits.memoryBytes, 0)
        let owner = Unmanaged.passUnretained(self).toOpaque()
        guard let L = clua_newstate(cap, owner, Dispatcher.function, Dispatcher.release) else {
            throw LuaError(kind: .memory, message: "cannot create a Lua state: not enough memory")
        }
        main = L
        // Host mode is on from clua_newstate until the libraries are set up.
        let emitter = makeFunction { [weak self] args in
            let text = args[0].stringValue ?? ""
            if let handler = self?.printHandler {
                handler(text)
            } else if self?.sandboxed == false {
                print(text)
            }
            return []
        }
        lua_pushcclosure(L, clua_setup, 0)
        lua_pushboolean(L, sandboxed ? 1 : 0)
        if (try? push(.function(emitter), on: L)) == nil { lua_pushnil(L) }
        let status = clua_pcall(L, 2, 0, 0)
        let message = status == LUA_OK ? "" : string(at: -1, on: L) ?? "unknown error"
        clua_pop(L, status == LUA_OK ? 0 : 1)
        _ = clua_set_host(L, 0)
        if status != LUA_OK {
            close()
            throw LuaError(kind: .memory, message: "cannot set up the Lua state: \(message)")
        }
    }

    func close() {
        guard let L = main else { return }
        if depth > 0 {
            closeRequested = true  // a Swift function closed the state mid-call
            return
        }
        main = nil
        threads = []
        clua_close(L)
        collectedSlots = []
        freeSlots = []
        bodies = []  // may release LuaFunctions; `main` is already nil
    }

    var memoryUsed: Int {
        guard let L = main else { return 0 }
        return clua_memory_used(L)
    }

    /// The thread Swift should use now.
    private var current: OpaquePointer? { threads.last ?? main }

    private var closedError: LuaError { LuaError(kind: .runtime, message: "the Lua state is closed") }

    func withHost<T, E: Error>(_ L: OpaquePointer, _ on: Bool = true, _ body: () throws(E) -> T) throws(E) -> T {
        let previous = clua_set_host(L, on ? 1 : 0)
        defer { _ = clua_set_host(L, previous) }
        return try body()
    }

    // MARK: Functions

    func makeFunction(_ body: @escaping LuaBody) -> LuaFunction {
        reclaim()
        guard let L = current, lua_checkstack(L, 2) != 0 else {
            return LuaFunction(core: self, ref: LUA_NOREF, location: nil)
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            bodies[slot] = body
        } else if bodies.count < Int(Int32.max) {
            slot = bodies.count
            bodies.append(body)
        } else {
            return LuaFunction(core: self, ref: LUA_NOREF, location: nil)
        }
        let ref = withHost(L) {
            clua_push_swift_function(L, Int32(slot))
            return luaL_ref(L, clua_registryindex())
        }
        return LuaFunction(core: self, ref: ref, location: nil)
    }

    /// Notes that Lua collected the function of `slot`. Runs inside a
    /// finalizer, possibly in the middle of another API call: it must not
    /// touch Lua or release closures (whose captures may call into Lua).
    func collected(_ slot: Int) {
        collectedSlots.append(slot)
    }

    /// Empties the slots of collected functions and makes them reusable.
    /// Releasing a closure may release `LuaFunction`s, so this runs only
    /// where Swift may call the API: before creating a function and after
    /// the outermost protected operation.
    func reclaim() {
        while let slot = collectedSlots.popLast() {
            guard bodies.indices.contains(slot) else { continue }
            let released = bodies[slot]
            bodies[slot] = nil
            freeSlots.append(slot)
            _ = released  // the closure is released here, outside any access to `bodies`
        }
    }

    /// Slots of the Swift function table in use or free (for tests).
    var functionSlotCount: Int { bodies.count }

    /// Long chunk paths remembered for error messages (for tests).
    var rememberedPathCount: Int { chunkPaths.count }

    /// Runs a full garbage collection in host mode (for tests).
    func collectGarbage() {
        guard let L = main else { return }
        withHost(L) { clua_collect(L) }
        reclaim()
    }

    /// Pops the function on top of the stack into the registry.
    /// Host mode and one free stack slot required.
    func popFunction(on L: OpaquePointer) -> LuaFunction {
        var buffer = [CChar](repeating: 0, count: 1024)
        let line = clua_function_info(L, -1, &buffer, buffer.count)
        let location = line < 0 ? nil : LuaLocation(file: decodeCString(buffer), line: Int(line))
        let ref = luaL_ref(L, clua_registryindex())
        return LuaFunction(core: self, ref: ref, location: location)
    }

    func release(_ ref: Int32) {
        guard ref >= 0, let L = current else { return }
        withHost(L) { luaL_unref(L, clua_registryindex(), ref) }
    }

    func dispatch(_ L: OpaquePointer, _ index: Int) -> Int32 {
        let previousHost = clua_set_host(L, 1)
        defer { _ = clua_set_host(L, previousHost) }
        threads.append(L)
        depth += 1  // so that close() from the body is deferred
        defer {
            threads.removeLast()
            depth -= 1
        }
        func raise(_ message: String, prefixed: Bool = true) -> Int32 {
            pushString(message, on: L)
            return prefixed ? Int32(CLUA_RAISE_WITH_WHERE) : Int32(CLUA_RAISE_AS_IS)
        }
        guard bodies.indices.contains(index), let body = bodies[index], lua_checkstack(L, 8) != 0 else {
            return raise("invalid Swift function")
        }
        let argumentCount = lua_gettop(L)
        var values: [LuaValue] = []
        for i in 0..<argumentCount {
            do throws(ConversionError) {
                values.append(try value(at: i + 1, on: L, sharing: false))
            } catch {
                return raise("bad argument #\(i + 1): \(error.message)")
            }
        }
        var buffer = [CChar](repeating: 0, count: 1024)
        let line = clua_where_info(L, 1, &buffer, buffer.count)
        let caller = line < 0 ? nil : LuaLocation(file: decodeCString(buffer), line: Int(line))
        let results: [LuaValue]
        do {
            results = try body(LuaArguments(values, callerLocation: caller))
        } catch let error as LuaScriptError {
            return raise(error.message)
        } catch let error as LuaError {
            return raise(error.message, prefixed: false)
        } catch {
            return raise(String(describing: error))
        }
        guard results.count < 10_000, lua_checkstack(L, Int32(results.count) + 8) != 0 else {
            return raise("too many results (\(results.count))")
        }
        // Results are built in host mode (the cap would longjmp through Swift), so their size is
        // checked against the memory the call has left first, and their building is charged.
        let size = results.reduce(0) { $0 + $1.estimatedBytes }
        let room = clua_memory_room(L)
        guard size <= room else {
            return raise(
                "the result (about \(size / 1024) KiB) does not fit in the memory this call has left (\(room / 1024) KiB): ask for less")
        }
        clua_defer_charge(L, Int64(Self.chargePerValue * results.reduce(0) { $0 + $1.valueCount }))
        for (i, result) in results.enumerated() {
            do throws(ConversionError) {
                try push(result, on: L)
            } catch {
                return raise("cannot return result #\(i + 1): \(error.message)")
            }
        }
        return Int32(results.count)
    }

    // MARK: Loading and calling

    func load(_ source: [UInt8], path: String) throws(LuaError) -> LuaFunction {
        defer { closeIfRequested() }
        chunkPaths.record(path)
        do {
            return try loadInState(source, path: path)
        } catch {
            throw chunkPaths.expand(error)
        }
    }

    func call(_ function: LuaFunction, _ args: [LuaValue], budget: Int?) throws(LuaError) -> [LuaValue] {
        defer { closeIfRequested() }
        do {
            return try callInState(function, args, budget: budget)
        } catch {
            throw depth == 0 ? chunkPaths.expand(error) : error
        }
    }

    /// Performs a `close()` requested while Lua was running, once it no longer is.
    /// Called after the stack of the outermost operation has been restored.
    private func closeIfRequested() {
        if closeRequested && depth == 0 {
            closeRequested = false
            close()
        }
    }

    private func loadInState(_ source: [UInt8], path: String) throws(LuaError) -> LuaFunction {
        guard let L = current else { throw closedError }
        guard lua_checkstack(L, 4) != 0 else { throw LuaError(kind: .runtime, message: "Lua stack overflow") }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        return try protected(budget: 0) { () throws(LuaError) -> LuaFunction in
            let status = withHost(L, false) {
                source.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        luaL_loadbufferx(L, chars.baseAddress, chars.count, "@" + path, "t")
                    }
                }
            }
            if status == LUA_OK && clua_memory_refused(L) == 0 {
                return withHost(L) { popFunction(on: L) }
            }
            if status == LUA_ERRMEM || clua_memory_refused(L) != 0 {
                throw LuaError(
                    kind: .memory, message: "\(memoryLimitText) while loading \(path)",
                    location: LuaLocation(file: path, line: 0))
            }
            let message = string(at: -1, on: L) ?? "cannot load \(path)"
            throw LuaError(kind: status == LUA_ERRSYNTAX ? .syntax : .runtime, message: message)
        }
    }

    private func callInState(_ function: LuaFunction, _ args: [LuaValue], budget: Int?) throws(LuaError) -> [LuaValue] {
        guard let L = current else { throw closedError }
        guard function.core === self, function.ref >= 0 else {
            throw LuaError(kind: .runtime, message: "the function belongs to another Lua state")
        }
        guard args.count < 10_000, lua_checkstack(L, Int32(args.count) + 8) != 0 else {
            throw LuaError(kind: .runtime, message: "too many arguments (\(args.count))")
        }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        return try protected(budget: budget ?? limits.instructionsPerCall) { () throws(LuaError) -> [LuaValue] in
            if let main, clua_trip_kind(main) != CLUA_TRIP_NONE {
                // A nested call after the outer call was stopped: don't even start.
                lua_pushnil(L)
                throw error(status: LUA_ERRRUN, on: L, in: function)
            }
            try withHost(L) { () throws(LuaError) in
                lua_pushcclosure(L, clua_msgh, 0)
                lua_rawgeti(L, clua_registryindex(), lua_Integer(function.ref))
                for (i, arg) in args.enumerated() {
                    do throws(ConversionError) {
                        try push(arg, on: L)
                    } catch {
                        throw LuaError(kind: .runtime, message: "cannot pass argument #\(i + 1): \(error.message)")
                    }
                }
            }
            let status = withHost(L, false) { clua_pcall(L, Int32(args.count), LUA_MULTRET, base + 1) }
            if status != LUA_OK || clua_trip_kind(L) != CLUA_TRIP_NONE || clua_memory_refused(L) != 0 {
                throw error(status: status, on: L, in: function)
            }
            return try withHost(L) { () throws(LuaError) -> [LuaValue] in
                var results: [LuaValue] = []
                let top = lua_gettop(L)
                var i = base + 2
                while i <= top {
                    do throws(ConversionError) {
                        results.append(try value(at: i, on: L))
                    } catch {
                        throw LuaError(
                            kind: .runtime,
                            message: "cannot convert result #\(i - base - 1) of the \(function): \(error.message)",
                            location: function.location)
                    }
                    i += 1
                }
                return results
            }
        }
    }

    /// Runs `body` as one protected operation. The outermost one starts the
    /// instruction budget and memory bookkeeping; nested ones share them.
    private func protected<T>(budget: Int, _ body: () throws(LuaError) -> T) throws(LuaError) -> T {
        guard let L = main else { throw closedError }
        let outermost = depth == 0
        if outermost {
            budgetOfCall = budget
            clua_begin_call(L, Int64(budget))
        }
        depth += 1
        defer {
            if outermost {
                let refused = clua_memory_refused(L) != 0
                clua_end_call(L)
                if refused { clua_collect(L) }  // give the garbage of the bomb back at once
            }
            depth -= 1
            if outermost { reclaim() }
        }
        return try body()
    }

    var memoryLeft: Int {
        guard let L = main else { return 0 }
        return Int(clamping: clua_memory_room(L))
    }

    var instructionsUsed: Int {
        guard let L = main else { return 0 }
        return Int(clua_instructions_used(L))
    }

    private var memoryLimitText: String {
        let mib = 1 << 20
        let size = limits.memoryBytes % mib == 0 ? "\(limits.memoryBytes / mib) MiB" : "\(limits.memoryBytes) bytes"
        return "memory limit of \(size) exceeded"
    }

    /// Builds the error of a failed call; the error object is on top of the stack.
    private func error(status: Int32, on L: OpaquePointer, in function: LuaFunction) -> LuaError {
        var message = ""
        var traceback: String?
        var raisedAt = ""
        if lua_type(L, -1) == LUA_TTABLE {  // made by clua_msgh
            for (i, field) in [1, 2, 3].enumerated() {
                lua_rawgeti(L, -1, lua_Integer(field))
                let text = string(at: -1, on: L) ?? ""
                clua_pop(L, 1)
                switch i {
                case 0: message = text
                case 1: traceback = text.isEmpty ? nil : text
                default: raisedAt = text
                }
            }
        } else {
            message = string(at: -1, on: L) ?? "(error object is a \(typeName(at: -1, on: L)) value)"
        }
        var tripAt = ""
        if let main, clua_trip_line(main) > 0, let source = clua_trip_source(main) {
            tripAt = "\(String(cString: source)):\(clua_trip_line(main)): "
        }
        let trip = main.map { clua_trip_kind($0) } ?? Int32(CLUA_TRIP_NONE)
        let refused = main.map { clua_memory_refused($0) != 0 } ?? false
        if trip == CLUA_TRIP_BUDGET {
            return LuaError(
                kind: .budget,
                message: "\(tripAt)instruction budget exceeded (\(budgetOfCall) instructions)",
                traceback: traceback)
        }
        if trip == CLUA_TRIP_MEMORY {
            return LuaError(kind: .memory, message: "\(tripAt)\(memoryLimitText)", traceback: traceback)
        }
        if trip == CLUA_TRIP_INTERRUPT {
            return LuaError(
                kind: .interrupted,
                message:
                    "\(tripAt)stopped: the call ran longer than its time limit (do less in one call: filter queries, spread work over timer ticks)",
                traceback: traceback)
        }
        if refused || status == LUA_ERRMEM {
            let reason = refused ? memoryLimitText : "not enough memory"
            var scope = "in a Swift or C function"
            if let location = function.location {
                scope = location.line == 0 ? "in the main chunk of \(location.file)" : "in the function defined at \(location)"
            }
            return LuaError(kind: .memory, message: "\(reason) (\(scope))", location: function.location, traceback: traceback)
        }
        if LuaLocation.parse(prefixOf: message) == nil {
            message = raisedAt + message
        }
        return LuaError(kind: .runtime, message: message, traceback: traceback)
    }

    // MARK: Globals

    func global(_ name: String) -> LuaValue {
        guard let L = current, lua_checkstack(L, 4) != 0 else { return .nil }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        return withHost(L) {
            pushGlobal(name, on: L)
            return (try? value(at: -1, on: L)) ?? .nil
        }
    }

    /// Pushes the globals table, then the global `name` read raw (host mode, 4 free slots).
    private func pushGlobal(_ name: String, on L: OpaquePointer) {
        lua_rawgeti(L, clua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
        pushString(name, on: L)
        lua_rawget(L, -2)
    }

    /// Moves the table held by global `name` into the registry (the global is removed) and returns
    /// it as a ``LuaMetatable``; `nil` when the global is not a table.
    func keepMetatable(fromGlobal name: String) -> LuaMetatable? {
        guard let L = current, lua_checkstack(L, 4) != 0 else { return nil }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        return withHost(L) {
            pushGlobal(name, on: L)
            guard lua_type(L, -1) == LUA_TTABLE else { return nil }
            let ref = luaL_ref(L, clua_registryindex())  // pops the table
            pushString(name, on: L)
            lua_pushnil(L)
            lua_rawset(L, -3)
            return LuaMetatable(ref: ref, owner: ObjectIdentifier(self))
        }
    }

    func setGlobal(_ name: String, _ value: LuaValue) throws(LuaError) {
        guard let L = current else { throw closedError }
        guard lua_checkstack(L, 4) != 0 else { throw LuaError(kind: .runtime, message: "Lua stack overflow") }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        try withHost(L) { () throws(LuaError) in
            lua_rawgeti(L, clua_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))
            pushString(name, on: L)
            do throws(ConversionError) {
                try push(value, on: L)
            } catch {
                throw LuaError(kind: .runtime, message: "cannot set global '\(name)': \(error.message)")
            }
            lua_rawset(L, -3)
        }
    }
}
