import Lua

/// Every limit a policy or plugin runs under, in one place (docs/policies.md has the table).
///
/// ```swift
/// var limits = PolicyLimits.standard
/// limits.instructionsPerEvent = 1_000_000   // a stricter site, or a test
/// ```
public struct PolicyLimits: Sendable, Equatable {
    /// Lua instructions one call (a hook, a timer, an action, a command) may run.
    public var instructionsPerCall = 2_000_000
    /// Memory one policy's Lua state may hold.
    public var memoryBytes = 16 << 20
    /// Instructions all of one policy's hooks (and its notifier) may run for one event together.
    public var instructionsPerEvent = 4_000_000
    /// Instructions all of one policy's timers due at one moment may run together.
    public var instructionsPerTick = 4_000_000
    /// Bytes one policy's `memory` may take when saved (as Lua constructor text).
    public var memoryKeptBytes = 64 << 10
    /// Hooks one policy may register.
    public var hooksPerPolicy = 64
    /// Timers (`every`, `at`, pending `after`) one policy may have.
    public var timersPerPolicy = 64
    /// Bytes of a message text a policy sends; longer ones are cut, and the cut is logged.
    public var messageBytes = 2048
    /// Bytes of one log line; longer ones are cut, saying so.
    public var logLineBytes = 2048
    /// Log lines (`log.*`, `print`) one policy may write per minute; the rest are dropped, and counted.
    public var logLinesPerMinute = 60
    /// Wall-clock seconds one call may run before the watchdog stops it.
    public var watchdogSeconds = 2.0
    /// Seconds after the watchdog stopped a call that could not be stopped (it is stuck outside Lua)
    /// before the daemon records it and exits.
    public var watchdogGraceSeconds = 2.0

    public init() {}

    public static let standard = PolicyLimits()

    /// These limits with a larger budget per call, as `limit { policy_instructions_per_call = N }`
    /// asks; an event's and a tick's budgets grow to at least two such calls.
    public func allowing(instructionsPerCall count: Int?) -> PolicyLimits {
        guard let count else { return self }
        var limits = self
        limits.instructionsPerCall = count
        limits.instructionsPerEvent = max(instructionsPerEvent, 2 * count)
        limits.instructionsPerTick = max(instructionsPerTick, 2 * count)
        return limits
    }

    /// The Lua state's own limits.
    var lua: LuaLimits { LuaLimits(memoryBytes: memoryBytes, instructionsPerCall: instructionsPerCall) }
}
