import Foundation
import NIOConcurrencyHelpers

/// Slows down password guessing: after ``maxFailures`` failed logins within ``window`` from one
/// address, or for one account name, further attempts are refused (HTTP 429 with `Retry-After`)
/// until the oldest failure leaves the window. A successful login clears its name's failures.
///
/// ```swift
/// if let wait = limiter.refusal(keys: ["addr:127.0.0.1", "name:rivera"], at: now) { /* 429, retry in wait s */ }
/// limiter.recordFailure(keys: keys, at: now)
/// ```
final class LoginLimiter: Sendable {
    static let maxFailures = 5
    static let window: TimeInterval = 300

    private let failures = NIOLockedValueBox([String: [Date]]())

    /// Seconds to wait when one of the keys is over the limit; `nil` to go ahead.
    func refusal(keys: [String], at now: Date) -> Int? {
        failures.withLockedValue { all in
            let waits = keys.compactMap { key -> Int? in
                let recent = (all[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
                all[key] = recent.isEmpty ? nil : recent
                guard recent.count >= Self.maxFailures, let oldest = recent.first else { return nil }
                return max(1, Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)))
            }
            return waits.max()
        }
    }

    func recordFailure(keys: [String], at now: Date) {
        failures.withLockedValue { all in
            for key in keys { all[key, default: []].append(now) }
        }
    }

    func clear(key: String) {
        _ = failures.withLockedValue { $0.removeValue(forKey: key) }
    }
}
