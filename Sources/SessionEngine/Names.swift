import Foundation

/// Checks a user, computer or station name: printable, no spaces, `/` or `@`.
public enum Names {
    public static func validate(_ name: String, as kind: String) throws(EngineError) {
        let forbidden = CharacterSet(charactersIn: "/@").union(.whitespacesAndNewlines).union(.controlCharacters)
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else {
            throw .invalid("'\(name)' is not a valid \(kind) name: use 1 to 64 characters without spaces, '/' or '@'")
        }
    }
}
