import ArgumentParser
import Foundation
import Policies
import SessionEngine
import SessionStore
import Simulation
import StationConfig

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Play a scenario through the real engine and policies on a virtual clock, and print what would happen.",
        discussion: """
            Runs on a scratch store (never the live one; --from-store copies the live state as the \
            starting point). Prints a timeline of every event with its virtual time, actor and reason, \
            the messages users would have seen, and a summary. docs/simulation.md describes scenarios.
            """)

    @Argument(help: ArgumentHelp("The scenario: a Lua file of at(\"HH:MM\", step) lines.", valueName: "scenario"))
    var scenario: String
    @OptionGroup var lab: PathOptions
    @Option(help: ArgumentHelp(
        "When the simulation starts: HH:MM today, YYYY-MM-DD HH:MM (local time) or ISO 8601. Default: 07:00 today.",
        valueName: "time"))
    var from: String?
    @Option(name: .customLong("until"), help: ArgumentHelp(
        "When it stops: a duration after --from (10h), HH:MM, YYYY-MM-DD HH:MM or ISO 8601. Default: midnight.",
        valueName: "duration|time"))
    var until: String?
    @Flag(help: "Start from a copy of the live store's state (it is only read).")
    var fromStore = false
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let environment = ProcessInfo.processInfo.environment
            let configPath = try ConfigLocation.config(explicit: lab.config, environment: environment)
            let config = try StationConfig.load(path: configPath)
            let scenario = try Scenario.load(path: self.scenario)
            let live = try fromStore ? SessionStore.reading(path: ConfigLocation.store(explicit: lab.store, environment: environment, config: config)) : nil
            let window = try SimulationWindow.parse(from: from, until: until, now: Context.now(environment: environment))
            let report = try Simulation(config: config, scenario: scenario, window: window, startingFrom: live).run()
            if output.json {
                print(Render.json(report).text, terminator: "")
                return
            }
            print(Render.timeline(report, title: "Simulation of \(self.scenario) with \(configPath)"), terminator: "")
        }
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play a school day in a bundled lab with the bundled policies, and explain what they did.",
        discussion: "Needs no config and no store, and leaves no file behind. Its files are in examples/demo/.")

    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            let library = PolicyLibrary.forConfig(at: FileManager.default.currentDirectoryPath + "/none.lua")
            guard let folder = library.roots.map({ $0.appendingPathComponent("examples/demo") })
                .first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("school-day.lua").path) }) else {
                throw ConfigError(.notFound, "the demo files (examples/demo) are not installed next to stationctl: run it from the source tree, or set STATIONKEEPER_LIBRARY")
            }
            let config = try StationConfig.load(path: folder.appendingPathComponent("stationkeeper.lua").path)
            let scenario = try Scenario.load(path: folder.appendingPathComponent("school-day.lua").path)
            let window = try SimulationWindow.parse(from: "2026-03-02 07:30", until: "18:00", now: Date())
            let report = try Simulation(config: config, scenario: scenario, window: window).run()
            if output.json {
                print(Render.json(report).text, terminator: "")
                return
            }
            print(Demo.introduction)
            print(Render.timeline(report, title: "A school day in the demo lab (\(folder.path))"), terminator: "")
            print(Render.explanation(report, config: config))
        }
    }

    static let introduction = """
        Stationkeeper demo: a Monday in a lab of two computers (LAB-1 with 8 stations, LAB-2 with 4),
        with the four bundled policies enabled. Nothing here touches a real store: the day is played
        through the real engine and policies on a virtual clock, in memory.

        """
}

/// `--from` and `--until` as the simulation reads them.
enum SimulationWindow {
    static func parse(from: String?, until: String?, now: Date, calendar: Calendar = .current) throws -> Simulation.Window {
        let start: Date
        if let from {
            start = try time(from, on: now, calendar: calendar, option: "--from")
        } else {
            start = calendar.date(bySettingHour: 7, minute: 0, second: 0, of: now) ?? now
        }
        let end: Date
        switch until {
        case nil:
            end = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: start)) ?? start + 86_400
        case let text? where (try? Durations.seconds(text)) != nil:
            end = start + TimeInterval(try Durations.seconds(text))
        case let text?:
            var candidate = try time(text, on: start, calendar: calendar, option: "--until")
            if candidate <= start && !text.contains("-") { candidate += 86_400 }
            end = candidate
        }
        guard end > start else { throw EngineError.invalid("--until must be after --from") }
        guard end.timeIntervalSince(start) <= 31 * 86_400 else {
            throw EngineError.invalid("a simulation covers at most 31 days")
        }
        return Simulation.Window(from: start, until: end)
    }

    /// `HH:MM` on `day`, `YYYY-MM-DD HH:MM` in local time, or ISO 8601.
    static func time(_ text: String, on day: Date, calendar: Calendar, option: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let parts = text.split(separator: " ")
        var base = day
        var clock = text
        if parts.count == 2 {
            let ymd = parts[0].split(separator: "-").compactMap { Int($0) }
            guard ymd.count == 3, let date = calendar.date(from: DateComponents(year: ymd[0], month: ymd[1], day: ymd[2])) else {
                throw EngineError.invalid("\(option) '\(text)' is not a time: use HH:MM, YYYY-MM-DD HH:MM or ISO 8601")
            }
            base = date
            clock = String(parts[1])
        }
        let hm = clock.split(separator: ":").compactMap { Int($0) }
        guard hm.count == 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]),
              let date = calendar.date(bySettingHour: hm[0], minute: hm[1], second: 0, of: base) else {
            throw EngineError.invalid("\(option) '\(text)' is not a time: use HH:MM, YYYY-MM-DD HH:MM or ISO 8601")
        }
        return date
    }
}
