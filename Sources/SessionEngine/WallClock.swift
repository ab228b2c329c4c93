import Foundation

/// Where the engine reads "now". Tests inject a ``FixedClock`` so they never sleep.
public protocol WallClock: Sendable {
    var now: Date { get }
}

/// The real time.
public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that always says the same time (tests, `STATIONKEEPER_NOW`).
public struct FixedClock: WallClock {
    public var now: Date
    public init(_ now: Date) { self.now = now }
}
