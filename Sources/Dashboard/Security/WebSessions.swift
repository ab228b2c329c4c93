import Foundation
import NIOConcurrencyHelpers
import SessionStore

/// The signed-in browsers, kept in the dashboard's memory: a restart signs everyone out.
///
/// Each session has a random id (the `sk_session` cookie) and its own CSRF token, which every
/// state-changing form carries. A session ends after ``idleLimit`` without a request, after
/// ``lifetime`` in all, or at sign-out.
///
/// ```swift
/// let web = sessions.open(account: "rivera", at: now)      // set web.id as the cookie
/// sessions.find(web.id, at: later)?.csrf                   // nil once expired
/// ```
final class WebSessions: Sendable {
    struct Entry: Sendable {
        var id: String
        var account: String
        var csrf: String
        var started: Date
        var lastSeen: Date
    }

    /// Signed out after this long without a request.
    static let idleLimit: TimeInterval = 2 * 3600
    /// Signed out this long after signing in, however busy.
    static let lifetime: TimeInterval = 12 * 3600

    private let entries = NIOLockedValueBox([String: Entry]())

    func open(account: String, at now: Date) -> Entry {
        let entry = Entry(id: Self.randomToken(), account: account, csrf: Self.randomToken(), started: now, lastSeen: now)
        entries.withLockedValue { all in
            all = all.filter { !Self.expired($0.value, at: now) }
            all[entry.id] = entry
        }
        return entry
    }

    /// The live session with this id, its last use moved to `now`.
    func find(_ id: String, at now: Date) -> Entry? {
        entries.withLockedValue { all in
            guard var entry = all[id] else { return nil }
            guard !Self.expired(entry, at: now) else {
                all[id] = nil
                return nil
            }
            entry.lastSeen = now
            all[id] = entry
            return entry
        }
    }

    func close(_ id: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id) }
    }

    /// Signs out every browser of an account (its removal or a new password is seen at the next request anyway).
    func closeAll(of account: String) {
        entries.withLockedValue { all in all = all.filter { $0.value.account != account } }
    }

    private static func expired(_ entry: Entry, at now: Date) -> Bool {
        now.timeIntervalSince(entry.lastSeen) > idleLimit || now.timeIntervalSince(entry.started) > lifetime
    }

    /// 256 random bits as 64 hex digits (cookie- and form-safe).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
