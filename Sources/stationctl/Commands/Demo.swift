import ArgumentParser
import Foundation
import Policies
import Presentation
import SessionEngine
import SessionStore
import Simulation
import StationConfig

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play a school day (or --week) in a bundled lab with the bundled policies, and explain what they did.",
        discussion: "Needs no config and no store, and leaves no file behind. Its files are in examples/demo/.")

    @Flag(help: "Play a school week (Monday to Friday, Wednesday a holiday) instead of a day.")
    var week = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let library = PolicyLibrary.forConfig(at: FileManager.default.currentDirectoryPath + "/none.lua")
            guard
                let folder = library.roots.map({ $0.appendingPathComponent("examples/demo") })
                    .first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("school-day.lua").path) })
            else {
                throw ConfigError(
                    .notFound,
                    "the demo files (examples/demo) are not installed next to stationctl: run it from the source tree, or set STATIONKEEPER_LIBRARY"
                )
            }
            let config = try StationConfig.load(path: folder.appendingPathComponent("stationkeeper.lua").path)
            let report = try Simulation.play(
                config: config, scenario: folder.appendingPathComponent(week ? "school-week.lua" : "school-day.lua").path,
                from: "2026-03-02 07:30", until: week ? "2026-03-06 18:00" : "18:00", now: Date())
            if output.json {
                print(Render.json(report).text, terminator: "")
                return
            }
            print(week ? Demo.weekIntroduction : Demo.introduction)
            print(
                Render.timeline(report, title: "A school \(week ? "week" : "day") in the demo lab (\(folder.path))"), terminator: "")
            print(Render.explanation(report, config: config))
        }
    }

    static let weekIntroduction = """
        Stationkeeper demo: a school week in the demo lab, Monday 2 to Friday 6 March 2026, with the
        four bundled policies and the school calendar of examples/demo/stationkeeper.lua: Wednesday
        is a holiday, so nightly-shutdown leaves the lab alone that evening. Played on a virtual
        clock, in memory.

        """

    static let introduction = """
        Stationkeeper demo: a Monday in a lab of two computers (LAB-1 with 8 stations, LAB-2 with 4),
        with the four bundled policies enabled. Nothing here touches a real store: the day is played
        through the real engine and policies on a virtual clock, in memory.

        """
}
