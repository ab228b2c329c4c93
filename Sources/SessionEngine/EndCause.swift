import Foundation

/// Why a session ended.
public enum EndCause: String, Sendable {
    case signOut = "sign_out"
    case end
    case shutdown
    case restart
}
