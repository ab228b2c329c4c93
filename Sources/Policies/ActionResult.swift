import Foundation
import SessionEngine

/// What became of a policy's action.
public enum ActionResult: Sendable {
    /// Done: this many journal events.
    case done(events: Int)
    /// The engine refused it (a refusal is an answer, not a failure of the policy).
    case refused(String)
    /// A site guard of the world refused it (`limit { policy_actions_per_minute }`): reported as a
    /// failure of the policy, as the cascade limit (checked by the set itself) is.
    case limited(String)
    /// The store failed.
    case failed(String)
}
