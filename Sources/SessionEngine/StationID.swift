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
