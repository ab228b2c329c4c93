import Foundation
import Policies
import SessionEngine
import SessionStore
import Simulation
import StationConfig
import StationDaemon

/// A temporary folder with a config (parsed by `StationConfig.parse`), scenarios written beside it,
/// and a UTC calendar. The simulated day is Monday 2026-03-02.
final class SimulationLab {
    let folder: URL
    let config: StationConfig

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    /// 2026-03-02 00:00 UTC, a Monday.
    static let midnight = Date(timeIntervalSince1970: 1_772_409_600)

    /// The repository root (for the bundled `policies/` and `plugins/`).
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(config source: String, policies: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("simulation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("policies"), withIntermediateDirectories: true)
        for (name, text) in policies {
            try Data(text.utf8).write(to: folder.appendingPathComponent("policies/\(name).lua"))
        }
        let path = folder.appendingPathComponent("stationkeeper.lua").path
        try Data(source.utf8).write(to: URL(fileURLWithPath: path))
        config = try StationConfig.parse(source, path: path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var library: PolicyLibrary { PolicyLibrary(roots: [folder, Self.repoRoot]) }

    /// `"09:45"` on the simulated day (or `"+1d 09:45"`).
    static func at(_ clock: String) -> Date {
        var days = 0
        var text = Substring(clock)
        if text.hasPrefix("+") {
            let parts = text.dropFirst().split(separator: " ")
            days = Int(parts[0].dropLast()) ?? 0
            text = parts[1]
        }
        let hm = text.split(separator: ":").compactMap { Int($0) }
        return midnight + TimeInterval(days * 86_400 + hm[0] * 3600 + hm[1] * 60 + (hm.count > 2 ? hm[2] : 0))
    }

    /// Writes the scenario to a file in the folder and parses it (errors name that file).
    func scenario(_ source: String, name: String = "day.lua") throws -> Scenario {
        let path = scenarioPath(name)
        try Data(source.utf8).write(to: URL(fileURLWithPath: path))
        return try Scenario.load(path: path)
    }

    func scenarioPath(_ name: String = "day.lua") -> String {
        folder.appendingPathComponent(name).path
    }

    func simulation(
        _ scenario: Scenario, from: String = "07:00", until: String = "+1d 00:00",
        startingFrom live: SessionStore? = nil
    ) throws -> Simulation {
        try Simulation(
            config: config, scenario: scenario,
            window: .init(from: Self.at(from), until: Self.at(until)),
            calendar: Self.utc, library: library, startingFrom: live)
    }

    func run(_ source: String, from: String = "07:00", until: String = "+1d 00:00") throws -> Simulation.Report {
        try simulation(try scenario(source), from: from, until: until).run()
    }
}

extension Simulation.Report {
    func events(_ name: EventName, actor: String? = nil) -> [Event] {
        events.filter { $0.name == name && (actor == nil || $0.actor.rawValue == actor) }
    }

    var policyErrors: [Event] { events(.policyError) }
}
