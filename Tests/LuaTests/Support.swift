import Lua
import Testing

/// The LuaError thrown by `body`, or nil when it succeeds.
func luaError<T>(_ body: () throws -> T) -> LuaError? {
    do {
        _ = try body()
        return nil
    } catch let error as LuaError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// A small-budget state so that runaway-loop tests finish quickly.
func quickState(instructions: Int = 200_000, memory: Int = 16 << 20, sandboxed: Bool = true) throws -> LuaState {
    try LuaState(limits: LuaLimits(memoryBytes: memory, instructionsPerCall: instructions), sandboxed: sandboxed)
}
