import Foundation

/// A value shared between a test and its threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

/// Waits (at most `seconds`) for `condition`; throws when it never holds.
func waitUntil(seconds: Double = 30, _ condition: () -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !condition() {
        guard Date() < deadline else { throw TestFailure("timed out after \(seconds) s") }
        Thread.sleep(forTimeInterval: 0.01)
    }
}
