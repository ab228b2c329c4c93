import Foundation

/// Where the engine finds names it could not find in the slice (ended sessions, for a clear message).
public protocol SessionHistory {
    /// A line saying how a session that is no longer live ended, if it ever existed.
    func endedSessionSummary(_ id: Int64) -> String?
}
