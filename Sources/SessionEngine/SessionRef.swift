import Foundation

/// How a command names a session: its numeric id, or `USER@COMPUTER`.
public enum SessionRef: Hashable, Sendable, CustomStringConvertible {
    case id(Int64)
    case user(String, computer: String)

    /// Parses `42` or `alice@LAB-1`.
    public init(parsing text: String) throws(EngineError) {
        if let id = Int64(text), id > 0 {
            self = .id(id)
            return
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalid("'\(text)' is not a session: use its numeric id or USER@COMPUTER, for example alice@LAB-1")
        }
        self = .user(String(parts[0]), computer: String(parts[1]))
    }

    public var description: String {
        switch self {
        case .id(let id): return String(id)
        case .user(let user, let computer): return "\(user)@\(computer)"
        }
    }
}
