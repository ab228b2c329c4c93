import Foundation

/// The computers a daemon serves: every one (a SQLite store has one daemon), or on a district's
/// PostgreSQL store those whose advisory lock it holds (``ComputerOwnership``). Its policies see
/// and act on these only, and only it runs their scheduled shutdowns.
///
/// ```swift
/// ComputerScope.everything.covers("LAB-1")      // true
/// let school = ComputerScope(owned: ["A-1"]); school.covers("B-7")   // false
/// ```
public final class ComputerScope: @unchecked Sendable {
    private let lock = NSLock()
    /// `nil`: every computer.
    private var owned: Set<String>?
    /// On a district's store, what the daemon's saved timers are keyed by (its `--computers`
    /// pattern, `*` without one): each daemon runs its policies' timers over its own computers on
    /// its own schedule, and one daemon's run does not move another's next one.
    public let timerNamespace: String?

    public init(owned: Set<String>?, timerNamespace: String? = nil) {
        self.owned = owned
        self.timerNamespace = timerNamespace
    }

    /// The key a timer is saved under in the store.
    func storedKey(_ key: String) -> String {
        timerNamespace.map { "@\($0)|\(key)" } ?? key
    }

    /// The timers saved by this scope's daemon, by their keys in the policies. Without a
    /// namespace (a listing, a SQLite store's daemon), a district's timers are seen at the
    /// earliest next run any of its daemons saved.
    func ownTimers(_ saved: [String: Date]) -> [String: Date] {
        guard let timerNamespace else {
            var earliest: [String: Date] = [:]
            for (key, next) in saved {
                let bare = key.hasPrefix("@") ? key.split(separator: "|", maxSplits: 1).last.map(String.init) ?? key : key
                earliest[bare] = min(earliest[bare] ?? next, next)
            }
            return earliest
        }
        let prefix = "@\(timerNamespace)|"
        var own: [String: Date] = [:]
        for (key, next) in saved where key.hasPrefix(prefix) { own[String(key.dropFirst(prefix.count))] = next }
        return own
    }

    /// Every computer (a SQLite store's one daemon, listings, simulations).
    public static var everything: ComputerScope { ComputerScope(owned: nil) }

    /// Whether the daemon serves `computer`.
    public func covers(_ computer: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return owned?.contains(computer) ?? true
    }

    /// The computers served, `nil` for all.
    public var computers: Set<String>? {
        lock.lock()
        defer { lock.unlock() }
        return owned
    }

    func set(_ computers: Set<String>) {
        lock.lock()
        owned = computers
        lock.unlock()
    }
}
