import Crypto
import Foundation
import HummingbirdBcrypt

/// Passwords and API tokens of dashboard accounts: what is kept is never what is typed.
///
/// ```swift
/// let hash = Credentials.hash(password: "correct horse")        // bcrypt, salted, cost 12
/// Credentials.verify(password: "correct horse", hash: hash)      // true
/// let (token, digest) = Credentials.newToken()                   // show `token` once, keep `digest`
/// Credentials.digest(of: token) == digest                        // true
/// ```
public enum Credentials {
    /// bcrypt's cost: 2¹² rounds, about a quarter of a second here, per login attempt.
    public static let cost: UInt8 = 12
    /// The shortest password accepted.
    public static let minimumPasswordLength = 8

    /// A slow salted hash of `password` (bcrypt).
    public static func hash(password: String, cost: UInt8 = Credentials.cost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Why `password` is refused, or `nil` when it is acceptable.
    public static func weakness(of password: String) -> String? {
        if password.count < minimumPasswordLength {
            return "a password needs at least \(minimumPasswordLength) characters"
        }
        if password.allSatisfy(\.isWhitespace) { return "a password cannot be only spaces" }
        return nil
    }

    /// A new API token (`skt_` and 43 characters of 32 random bytes) and the digest the store keeps.
    /// A token is as strong as its 256 random bits, so a fast hash (SHA-256) suffices for it.
    public static func newToken() -> (token: String, digest: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token =
            "skt_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (token, digest(of: token))
    }

    /// The SHA-256 of a token, in hex: what `Authorization: Bearer …` is looked up by.
    public static func digest(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
