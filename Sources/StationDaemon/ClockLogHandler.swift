import Foundation
import Logging
import SessionEngine

/// Writes log lines to stderr stamped with the engine's clock, so that a daemon run under
/// `STATIONKEEPER_NOW` (or a test's manual clock) logs the time its policies see.
///
/// ```swift
/// LoggingSystem.bootstrap { label in ClockLogHandler(label: label, clock: context.clock) }
/// // 2026-03-02T22:00:00Z error stationkeeper: policy p: timer every 1m failed: …
/// ```
public struct ClockLogHandler: LogHandler {
    public let label: String
    public let clock: any WallClock
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let write: @Sendable (String) -> Void

    public init(label: String, clock: any WallClock, write: @escaping @Sendable (String) -> Void = ClockLogHandler.standardError) {
        self.label = label
        self.clock = clock
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write("\(clock.now.iso8601) \(event.level) \(label): \(event.message)\n")
    }

    /// Writes a line to stderr in one call, so lines of several threads do not interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
