import Foundation

/// A station's name, `COMPUTER/STATION` (for example `LAB-1/3`).
///
/// ```swift
/// let id = try StationID(parsing: "LAB-1/3")
/// id.computer // "LAB-1"
/// id.name     // "3"
/// ```
public struct StationID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var computer: String
    public var name: String

    public init(computer: String, name: String) {
        self.computer = computer
        self.name = name
    }

    /// Parses `COMPUTER/STATION`; throws ``EngineError/invalid(_:)`` otherwise.
    public init(parsing text: String) throws(EngineError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalid("'\(text)' is not a station: use COMPUTER/STATION, for example LAB-1/3")
        }
        self.init(computer: String(parts[0]), name: String(parts[1]))
    }

    /// Reads `COMPUTER/STATION` as the store writes it; `nil` when malformed.
    public init?(stored text: String) {
        guard let slash = text.firstIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex
        else { return nil }
        self.init(computer: String(text[..<slash]), name: String(text[text.index(after: slash)...]))
    }

    public var description: String { "\(computer)/\(name)" }

    public static func < (lhs: StationID, rhs: StationID) -> Bool {
        (lhs.computer, lhs.name) < (rhs.computer, rhs.name)
    }
}

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

/// Checks a user, computer or station name: printable, no spaces, `/` or `@`.
public enum Names {
    public static func validate(_ name: String, as kind: String) throws(EngineError) {
        let forbidden = CharacterSet(charactersIn: "/@").union(.whitespacesAndNewlines).union(.controlCharacters)
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else {
            throw .invalid("'\(name)' is not a valid \(kind) name: use 1 to 64 characters without spaces, '/' or '@'")
        }
    }
}
