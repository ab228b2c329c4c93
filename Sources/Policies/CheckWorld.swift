import Foundation
import Lua
import SessionEngine

/// The world of `stationctl policies check`: no store. Reads and actions fail with a message
/// saying so; nothing is saved.
public final class CheckWorld: PolicyWorld {
    public init() {}

    private func unavailable(_ what: String) -> LuaScriptError {
        LuaScriptError("\(what) is not available while checking policies")
    }

    public func sessions(_ filter: SessionFilter) throws -> [Session] { throw unavailable("sessions()") }
    public func session(_ ref: SessionRef) throws -> Session? { throw unavailable("session()") }
    public func computers() throws -> [ComputerInfo] { throw unavailable("computers()") }
    public func stations(computer: String?) throws -> [StationInfo] { throw unavailable("stations()") }

    public func perform(_ command: Command, call: PolicyCall, reason: String) -> ActionResult {
        .refused("actions are not available while checking policies")
    }

    public func record(_ events: [Event]) throws {}
    public func run(_ request: ExecRequest) -> ExecResult { .simulated }
    public func saveTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws {}
    public func saveHealth(_ health: PolicyHealth, at now: Date) throws {}
}
