import Foundation
import Presentation
import SessionStore
import Simulation

/// The simulation page's work: the scenario files it offers, and a run's timeline, as
/// `stationctl simulate` prints it.
enum SimulationPage {
    /// The `*.lua` files directly in `directory`, by name.
    static func scenarioFiles(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".lua") && !$0.hasPrefix(".") }.sorted()
    }

    static func run(scenario path: String, lab: Lab, from: String?, until: String?, fromStore: Bool) throws -> String {
        let scenario = try Scenario.load(path: path)
        let window = try SimulationWindow.parse(from: from, until: until, now: lab.now)
        let live = try fromStore ? lab.store.path.map { try SessionStore.reading(path: $0) } : nil
        let report = try Simulation(config: lab.config, scenario: scenario, window: window, startingFrom: live).run()
        return Render.timeline(report, title: "Simulation of \((path as NSString).lastPathComponent)")
    }
}
