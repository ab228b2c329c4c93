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
        let report = try Simulation.play(
            config: lab.config, scenario: path, from: from, until: until, now: lab.now, live: fromStore ? lab.store : nil)
        return Render.timeline(report, title: "Simulation of \((path as NSString).lastPathComponent)")
    }
}
