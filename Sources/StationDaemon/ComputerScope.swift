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

    public init(owned: Set<String>?) {
        self.owned = owned
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
