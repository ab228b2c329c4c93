import Foundation
import GRDB
import SessionEngine

/// A failure of the store itself (as opposed to a refused transition, ``SessionEngine/EngineError``).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// Wraps a GRDB or system error with what the user can do about it.
    static func wrap(_ error: any Error, path: String?) -> any Error {
        if error is StoreError || error is EngineError || error is PolicyLimitError { return error }
        if let error = error as? DatabaseError {
            let place = path.map { " at \($0)" } ?? ""
            switch error.resultCode {
            case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
                return StoreError("cannot write the store\(place): \(error.message ?? "\(error.resultCode)"); check the path and its permissions, or choose another with --store")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StoreError("the store\(place) is not a Stationkeeper database (\(error.message ?? "unreadable")); point --store at another file")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return StoreError("the store\(place) stayed locked by another process for too long; try again")
            default:
                return StoreError("store error\(place): \(error.message ?? "\(error.resultCode)")")
            }
        }
        let place = path.map { " at \($0)" } ?? ""
        return StoreError("cannot open the store\(place): \(error.localizedDescription); check the path and its permissions, or choose another with --store")
    }
}

/// The config's `limit { policy_actions_per_minute = N }` refused a policy action.
public struct PolicyLimitError: Error, CustomStringConvertible, Sendable {
    public var limit: Int
    public var recent: Int
    public var wanted: Int

    public var description: String {
        "refused by limit { policy_actions_per_minute = \(limit) }: policies already took \(recent) action(s) in the last minute and this one would add \(wanted)"
    }
}
