import Foundation

/// Who caused a transition. Recorded in the journal as `user`, `admin:NAME`, `admin`, `policy:NAME` or `system`.
public enum Actor: Hashable, Sendable, CustomStringConvertible {
    case user
    /// An admin: `admin:NAME` when a person is known (the Unix user who ran `stationctl`, a dashboard
    /// account), plain `admin` when none is (journals written before names were recorded, scenarios).
    /// A name follows the rule of user names (``Names/isValid(_:)``); ``Engine/apply`` refuses another.
    case admin(String?)
    case policy(String)
    case system

    public init?(rawValue: String) {
        switch rawValue {
        case "user": self = .user
        case "admin": self = .admin(nil)
        case "system": self = .system
        default:
            if rawValue.hasPrefix("admin:") {
                let name = String(rawValue.dropFirst(6))
                guard Names.isValid(name) else { return nil }
                self = .admin(name)
                return
            }
            guard rawValue.hasPrefix("policy:"), rawValue.count > 7 else { return nil }
            self = .policy(String(rawValue.dropFirst(7)))
        }
    }

    public var rawValue: String {
        switch self {
        case .user: return "user"
        case .admin(let name?): return "admin:\(name)"
        case .admin(nil): return "admin"
        case .policy(let name): return "policy:\(name)"
        case .system: return "system"
        }
    }

    public var description: String { rawValue }

    /// Whether an admin acted, named or not.
    public var isAdmin: Bool {
        if case .admin = self { return true }
        return false
    }

    /// The admin's name when a named admin acted (`rivera` for `admin:rivera`).
    public var adminName: String? {
        if case .admin(let name) = self { return name }
        return nil
    }

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
