#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Lua 5.4 interpreter with resource limits and, by default, a sandbox.
///
/// ```swift
/// let lua = try LuaState()                       // sandboxed, 32 MiB, 10M instructions per call
/// lua.printHandler = { line in log.info("\(line)") }
/// lua.register("greet") { args in
///     guard let name = args[0].stringValue else { throw LuaScriptError("greet: expected a name") }
///     return [.string("hello, \(name)")]
/// }
/// let results = try lua.run("return greet('lab 3'), 42", path: "example.lua")
/// // results == [.string("hello, lab 3"), .int(42)]
///
/// do {
///     _ = try lua.run("while true do end", path: "loop.lua")
/// } catch {
///     // error.kind == .budget, error.message == "loop.lua:1: instruction budget exceeded (10000000 instructions)"
/// }
/// ```
///
/// **Sandbox** (`sandboxed: true`): the libraries are base, string, table,
/// math, utf8, coroutine and os limited to `clock`, `date`, `difftime` and
/// `time`. There is no io, package/require, debug, `dofile`, `loadfile` or
/// `string.dump`; `load` only accepts text; `collectgarbage` only "count";
/// `setmetatable` refuses `__gc`; `getmetatable("")` returns false; `print`
/// goes to `printHandler`. In every state `load`, `loadfile` and `dofile`
/// refuse binary chunks.
///
/// **Limits**: each top-level `call` (and `run`) gets `limits.instructionsPerCall`
/// instructions; once exceeded, the script cannot catch the error with
/// `pcall` or coroutines. The allocator refuses to grow past
/// `limits.memoryBytes`; the first refusal also dooms the rest of the call.
/// The state stays usable after either error.
///
/// Work the VM does not count is charged to the same budget before it runs:
/// each new coroutine costs 1000 instructions; `string.rep` one per copy;
/// `table.move`, `concat`, `unpack`, `insert`/`remove` at a position one per
/// element moved; `table.sort` n·log2(n); `upper`, `lower`, `reverse`, `sub`,
/// `utf8.len`/`offset` and compiling with `load` one per 8–16 bytes. Pattern
/// functions (`find`, `match`, `gmatch`, `gsub`) cost at least the subject
/// length L; a pattern with two or more backtracking items (`*`, `+`, `-`
/// not on the last item, `%b`, `%1`…) costs L² (L³ from three on; one power
/// less when anchored with `^`), and each `?` doubles it. So
/// `("a"):rep(3000):find(".-.-b")` fails at once with a budget error, while
/// `gmatch("%d+")` or `gsub("%s+", " ")` on 100 KB stay cheap. With an
/// unlimited budget nothing is refused.
///
/// Converting a value between Lua and Swift copies at most
/// `LuaTable.maximumValues` values (shared tables count at each place).
///
/// **Re-entrancy**: a Swift function called from Lua may call back into Lua
/// with `call`; such nested calls share the outer call's budget.
///
/// A `LuaState` is not thread-safe; use it from one thread (or actor) at a
/// time. Closures given to `register` and `makeFunction` are kept while Lua
/// or Swift can reach the function, and released some time after Lua has
/// garbage-collected it (or when the state closes): capture the state weakly
/// (or call `close()`) to avoid a cycle.
public final class LuaState {
    let core: LuaCore

    /// The limits given at creation.
    public let limits: LuaLimits

    /// Whether the state was created with the sandbox.
    public var sandboxed: Bool { core.sandboxed }

    /// Creates a state.
    /// - Throws: a `.memory` error if the state cannot be created within the limits.
    public init(limits: LuaLimits = LuaLimits(), sandboxed: Bool = true) throws(LuaError) {
        self.limits = limits
        core = LuaCore(limits: limits, sandboxed: sandboxed)
        try core.open()
    }

    deinit {
        core.close()
    }

    /// Closes the state. Idempotent; `LuaFunction`s that outlive it become
    /// inert, and calls throw. Called from inside a Swift function, it takes
    /// effect when the outermost call returns.
    public func close() {
        core.close()
    }

    /// Whether `close()` has taken effect.
    public var isClosed: Bool { core.main == nil }

    /// Compiles Lua source text (never a binary chunk) with the chunk name
    /// "@path", so that errors read "path:line: ...". The result is the main
    /// chunk, to be run with `call`.
    /// - Throws: `.syntax` with "path:line: ..." when the text does not compile.
    public func load(_ source: String, path: String) throws(LuaError) -> LuaFunction {
        try core.load(Array(source.utf8), path: path)
    }

    /// Reads and compiles a source file; a first line starting with "#" is ignored.
    /// - Throws: `.file` when the file cannot be read, otherwise as `load`.
    public func loadFile(_ path: String) throws(LuaError) -> LuaFunction {
        var bytes = try Self.readFile(path)
        if bytes.first == UInt8(ascii: "#") {  // keep the newline so line numbers stay right
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            bytes.removeSubrange(bytes.startIndex..<end)
        }
        return try core.load(bytes, path: path)
    }

    /// Calls a Lua function in a protected call with a traceback message
    /// handler, under the instruction budget (`limits.instructionsPerCall`
    /// unless `budget` is given; zero or less means unlimited). A nested call
    /// (from a Swift function that Lua called) runs under the outer call's
    /// budget and ignores `budget`.
    /// - Returns: all the results of the function.
    /// - Throws: `.runtime`, `.budget` or `.memory`.
    @discardableResult
    public func call(_ function: LuaFunction, _ args: [LuaValue] = [], budget: Int? = nil) throws(LuaError) -> [LuaValue] {
        try core.call(function, args, budget: budget)
    }

    /// Loads and calls source text; see `load` and `call`.
    @discardableResult
    public func run(_ source: String, path: String) throws(LuaError) -> [LuaValue] {
        let chunk = try load(source, path: path)
        return try call(chunk)
    }

    /// Reads a global with raw access (no `__index` metamethod runs).
    /// Returns `.nil` when absent, or when the value cannot be converted
    /// (cyclic or too deeply nested tables, coroutines, userdata).
    public func global(_ name: String) -> LuaValue {
        core.global(name)
    }

    /// Sets a global with raw access (no `__newindex` metamethod runs, so no
    /// script code runs and nothing can fail inside Lua). Values that cannot
    /// be converted (tables nested deeper than `LuaTable.maximumDepth`,
    /// functions of another state) are skipped; use `trySetGlobal` to know.
    public func setGlobal(_ name: String, _ value: LuaValue) {
        try? core.setGlobal(name, value)
    }

    /// Moves the table in global `name` to the state's registry (the global is gone) for tables
    /// pushed later to get as their metatable: `table.metatable = kept`. `nil` if it is not a table.
    public func keepMetatable(fromGlobal name: String) -> LuaMetatable? {
        core.keepMetatable(fromGlobal: name)
    }

    /// Like `setGlobal`, but reports values that cannot be converted.
    public func trySetGlobal(_ name: String, _ value: LuaValue) throws(LuaError) {
        try core.setGlobal(name, value)
    }

    /// Registers a Swift function as the global `name`.
    ///
    /// The body receives the arguments and returns the results. Throwing
    /// `LuaScriptError("message")` raises "file:line: message" in the script
    /// (catchable with `pcall`); any other error is raised as
    /// `String(describing: error)` with the same prefix; a `LuaError` from a
    /// nested `call` is raised as it is.
    public func register(_ name: String, _ body: @escaping (LuaArguments) throws -> [LuaValue]) {
        setGlobal(name, .function(makeFunction(body)))
    }

    /// Wraps a Swift function as a Lua function value, e.g. to put in a table.
    /// See `register` for how errors are raised.
    public func makeFunction(_ body: @escaping (LuaArguments) throws -> [LuaValue]) -> LuaFunction {
        core.makeFunction(body)
    }

    /// Bytes currently allocated by the state.
    public var memoryUsed: Int { core.memoryUsed }

    /// Bytes the running call may still allocate before the memory cap (`Int.max` outside a call):
    /// a Swift function asks the world for no more than that can hold.
    public var memoryLeft: Int { core.memoryLeft }

    /// Instructions the last (or the current) top-level call ran, with the charges for work done
    /// in C and Swift, to the granularity of the count hook (1,000 instructions).
    public var instructionsUsed: Int { core.instructionsUsed }

    /// Receives each line scripts `print` (arguments converted with
    /// `tostring` and joined by tabs). When nil, a sandboxed state discards
    /// them and an unsandboxed one writes them to standard output.
    public var printHandler: ((String) -> Void)? {
        get { core.printHandler }
        set { core.printHandler = newValue }
    }

    private static func readFile(_ path: String) throws(LuaError) -> [UInt8] {
        func failure() -> LuaError {
            LuaError(kind: .file, message: "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard let file = fopen(path, "rb") else { throw failure() }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes.append(contentsOf: chunk[0..<count])
            if count < chunk.count {
                if ferror(file) != 0 { throw failure() }
                return bytes
            }
        }
    }
}
