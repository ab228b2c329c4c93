/// Resource limits of one `LuaState`.
public struct LuaLimits: Sendable, Equatable {
    /// Memory cap for everything the state allocates. Default 32 MiB.
    public var memoryBytes: Int
    /// Lua VM instructions allowed per top-level call (counted in steps of
    /// 1000). Library functions that loop in C (`string.rep`, pattern
    /// matching, `table.move`, …) and new coroutines are charged an estimate
    /// of their work before they run; see `LuaState`. Zero or less means
    /// unlimited. Default 10,000,000.
    public var instructionsPerCall: Int

    public init(memoryBytes: Int = 32 << 20, instructionsPerCall: Int = 10_000_000) {
        self.memoryBytes = memoryBytes
        self.instructionsPerCall = instructionsPerCall
    }
}
