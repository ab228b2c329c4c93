import Foundation

/// The state of a live or ended session (docs/domain.md, "Session states").
public enum SessionState: String, Sendable, CaseIterable {
    case active, locked, suspended, ended
}

/// Who suspended a session.
public enum SuspendedBy: String, Sendable {
    case user, admin, policy
}

/// Why a session ended.
public enum EndCause: String, Sendable {
    case signOut = "sign_out"
    case end
    case shutdown
    case restart
}
