import Foundation

/// Who suspended a session.
public enum SuspendedBy: String, Sendable {
    case user, admin, policy
}
