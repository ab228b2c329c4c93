import Foundation

/// Who caused a transition. Recorded in the journal as `user`, `admin`, `policy:NAME` or `system`.
public enum Actor: Hashable, Sendable, CustomStringConvertible {
    case user
    case admin
    case policy(String)
    case system

    public init?(rawValue: String) {
        switch rawValue {
        case "user": self = .user
        case "admin": self = .admin
        case "system": self = .system
        default:
            guard rawValue.hasPrefix("policy:"), rawValue.count > 7 else { return nil }
            self = .policy(String(rawValue.dropFirst(7)))
        }
    }

    public var rawValue: String {
        switch self {
        case .user: return "user"
        case .admin: return "admin"
        case .policy(let name): return "policy:\(name)"
        case .system: return "system"
        }
    }

    public var description: String { rawValue }

    /// The policy's (or plugin's) name when a policy acted.
    public var policyName: String? {
        if case .policy(let name) = self { return name }
        return nil
    }

    /// What `suspended_by` records when this actor suspends a session.
    var suspender: SuspendedBy {
        switch self {
        case .user: return .user
        case .admin, .system: return .admin
        case .policy: return .policy
        }
    }
}
