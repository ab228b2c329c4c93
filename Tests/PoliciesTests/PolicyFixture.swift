import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import StoreTestSupport

/// A temporary folder with a config and policy files, a store, and a manual clock at 2026-03-02 08:00 UTC (a Monday).
final class PolicyLab {
    let folder: URL
    let store: SessionStore
    let clock = ManualClock(Date(timeIntervalSince1970: 1_772_438_400))
    var host: PolicySet?
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    /// `config` is the lab config's body after a standard `computer "LAB-1" { stations = 4 }` line.
    init(config: String = "", policies: [String: String] = [:], plugins: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
        for (kind, files) in [("policies", policies), ("plugins", plugins)] {
            let dir = folder.appendingPathComponent(kind)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for (name, source) in files {
                try Data(source.utf8).write(to: dir.appendingPathComponent("\(name).lua"))
            }
        }
        store = try TestStores.fresh()
        try write(config: config)
        try store.syncLayout(LabLayout(computers: [.init(name: "LAB-1", stations: ["1", "2", "3", "4"])]))
    }

    deinit {
        host?.close()
        try? FileManager.default.removeItem(at: folder)
    }

    var configPath: String { folder.appendingPathComponent("stationkeeper.lua").path }

    func write(config: String) throws {
        try Data("computer \"LAB-1\" { stations = 4 }\n\(config)".utf8).write(to: URL(fileURLWithPath: configPath))
    }

    func writePolicy(_ name: String, _ source: String) throws {
        try Data(source.utf8).write(to: folder.appendingPathComponent("policies/\(name).lua"))
    }

    /// Where the policies' log lines go, when a test wants to read them.
    var logHandler: (any LogSink)?

    private var logger: Logger {
        guard let sink = logHandler else { return Logger(label: "stationkeeper") }
        return Logger(label: "stationkeeper") { _ in SinkLogHandler(sink: sink) }
    }

    /// Loads (or reloads) the config's policies, as the daemon does on a reload (SIGHUP), or as it
    /// does when it starts (`resuming`: a restart, each `serve --once`).
    @discardableResult
    /// Without `vetting`, files load even when `policies check` would refuse them (to test what a
    /// run does with mistakes only a run can meet).
    func load(limits: PolicyLimits = .standard, resuming: Bool = false, vetting: Bool = true) throws -> PolicySet {
        host?.close()
        let config = try StationConfig.load(path: configPath)
        let loaded = try PolicySet.over(
            store, config: config, clock: clock,
            library: PolicyLibrary(roots: [folder]), logger: logger, calendar: Self.utc, limits: limits, vetting: vetting)
        let fresh = try resuming ? loaded.resume() : loaded.startAfresh()
        host = fresh
        return fresh
    }

    /// Dispatches pending events and runs what is due, as `serve --once`.
    @discardableResult
    func runOnce() throws -> Daemon.Pass {
        guard let host else { throw FixtureError("load() first") }
        return try Daemon(store: store, policies: host).runOnce()
    }

    @discardableResult
    func act(_ command: Command, as actor: Actor = .user) throws -> Outcome {
        try store.perform(command, actor: actor, at: clock.now)
    }

    func signIn(_ user: String, _ station: String) throws {
        try act(.signIn(user: user, station: StationID(parsing: station)))
    }

    func events(_ name: EventName? = nil) throws -> [Event] {
        try store.journal().filter { name == nil || $0.name == name }
    }

    func advance(_ text: String) throws {
        clock.advance(by: TimeInterval(try Durations.seconds(text)))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Collects log lines.
protocol LogSink: AnyObject, Sendable {
    func append(_ line: String)
}

struct SinkLogHandler: LogHandler {
    let sink: any LogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.append("\(event.message)")
    }
}
