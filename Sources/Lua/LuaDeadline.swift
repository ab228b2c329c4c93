import Dispatch
import Foundation

/// Runs a call under a wall-clock limit as well as its instruction budget: a call still running
/// after `seconds` is interrupted (``LuaInterrupter``). For work that runs once (a config file);
/// policies are watched by `Policies.Watchdog`.
///
/// ```swift
/// let results = try LuaDeadline.run(lua, seconds: 2) { try lua.run(source, path: path) }
/// ```
public enum LuaDeadline {
    public static func run<T>(_ lua: LuaState, seconds: Double, _ body: () throws -> T) rethrows -> T {
        lua.interrupter.clear()
        let guardian = Guardian(interrupter: lua.interrupter)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { guardian.fire() }
        defer {
            guardian.disarm()
            lua.interrupter.clear()
        }
        return try body()
    }

    /// Interrupts only while the call runs: once disarmed, a late timer does nothing.
    private final class Guardian: @unchecked Sendable {
        private let lock = NSLock()
        private var armed = true
        private let interrupter: LuaInterrupter

        init(interrupter: LuaInterrupter) {
            self.interrupter = interrupter
        }

        func fire() {
            lock.lock()
            defer { lock.unlock() }
            if armed { interrupter.interrupt() }
        }

        func disarm() {
            lock.lock()
            armed = false
            lock.unlock()
        }
    }
}
