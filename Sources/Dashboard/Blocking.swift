import Dispatch

/// Runs synchronous work (SQLite reads and writes, bcrypt) off Swift's cooperative threads, so a
/// slow login hash or a busy store never holds up the server-sent events of other clients.
enum Blocking {
    private static let queue = DispatchQueue(label: "stationkeeper.dashboard.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
