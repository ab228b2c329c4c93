import Foundation
import Lua

/// A timer as a policy registered it: when it fires, what it calls, and its key in the saved schedule.
public struct PolicyTimer {
    public internal(set) var spec: TimerSpec
    var function: LuaFunction
    /// `POLICY/every 1m`, with `#2`, `#3`, … for a second or third identical timer.
    public internal(set) var key: String
    /// The next run.
    public internal(set) var next: Date
}
