import Foundation

/// Checks a user, computer or station name: printable, no spaces, `/` or `@`.
public enum Names {
    private static let forbidden = CharacterSet(charactersIn: "/@").union(.whitespacesAndNewlines).union(.controlCharacters)

    /// Whether `name` is 1 to 64 characters without spaces, control characters, `/` or `@`.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { !forbidden.contains($0) }
    }

    public static func validate(_ name: String, as kind: String) throws(EngineError) {
        guard isValid(name) else {
            throw .invalid("'\(name)' is not a valid \(kind) name: use 1 to 64 characters without spaces, '/' or '@'")
        }
    }
}
