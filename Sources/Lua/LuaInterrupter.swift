import CLua

/// Stops the call a `LuaState` is running, from another thread (a watchdog).
///
/// The call raises `LuaError.Kind.interrupted` at its next Lua instructions (within the count
/// hook's interval, 1,000 instructions) or its next charged library call. Code stuck in C or
/// Swift is not stopped: the caller must know the state is still open and the call still the
/// one it means to stop (see `Policies.Watchdog`).
///
/// ```swift
/// let interrupter = lua.interrupter
/// DispatchQueue.global().asyncAfter(deadline: .now() + 2) { interrupter.interrupt() }
/// ```
public struct LuaInterrupter: @unchecked Sendable {
    let state: OpaquePointer?

    /// Asks the running call, and any call started before ``clear()``, to stop.
    public func interrupt() {
        guard let state else { return }
        clua_interrupt(state)
    }

    /// Withdraws the request: the next call runs normally.
    public func clear() {
        guard let state else { return }
        clua_clear_interrupt(state)
    }

    /// Whether a stop was asked for the running call: Swift code that waits (a child process)
    /// checks it to give up as well.
    public var isRequested: Bool {
        guard let state else { return false }
        return clua_interrupt_requested(state) != 0
    }
}

extension LuaState {
    /// Stops this state's running call from another thread.
    public var interrupter: LuaInterrupter { LuaInterrupter(state: core.main) }
}
