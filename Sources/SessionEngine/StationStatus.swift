import Foundation

/// What a station shows, derived from its block flag and the session on it.
public enum StationStatus: String, Sendable, CaseIterable {
    case available
    case inUse = "in_use"
    case locked
    case blocked
}
