import Foundation
import Lua
import SessionEngine

/// The world of `stationctl policies check`: no store. Reads and actions fail with a message
/// saying so; nothing is saved.
public final class CheckWorld: PolicyWorld {
    public init() {}

    private static let unavailable = PolicyWorldUnavailable(reason: "while checking policies")

    public func sessions(_ filter: SessionFilter) throws -> [Session] { throw Self.unavailable }
    public func session(_ ref: SessionRef) throws -> Session? { throw Self.unavailable }
    public func computers() throws -> [ComputerInfo] { throw Self.unavailable }
    public func stations(computer: String?, limit: Int?) throws -> [StationInfo] { throw Self.unavailable }

    public func perform(_ command: Command, call: PolicyCall, reason: String) -> ActionResult {
        .refused("actions are not available while checking policies")
    }

    public func record(_ events: [Event]) throws {}
    public func run(_ request: ExecRequest) -> ExecResult { .simulated }
    public func saveTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws {}
    public func saveHealth(_ health: PolicyHealth, at now: Date) throws {}
    public func saveMemory(_ text: String, of policy: String, at now: Date) throws {}
}

/// A world that cannot answer reads at all (``CheckWorld``). The policy sees
/// "computer() is not available while checking policies", naming the function it called.
public struct PolicyWorldUnavailable: Error, Sendable {
    /// `while checking policies`.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
