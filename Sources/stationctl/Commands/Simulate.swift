import ArgumentParser
import Foundation
import Policies
import Presentation
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
    @Option(
        help: ArgumentHelp(
            "When the simulation starts: HH:MM today, YYYY-MM-DD HH:MM (local time) or ISO 8601. Default: 07:00 today.",
            valueName: "time"))
    var from: String?
    @Option(
        name: .customLong("until"),
        help: ArgumentHelp(
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
            let report = try Simulation.play(
                config: config, scenario: scenario, from: from, until: until, now: Context.now(environment: environment),
                live: try fromStore
                    ? SessionStore.reading(path: ConfigLocation.store(explicit: lab.store, environment: environment, config: config)) : nil)
            if output.json {
                print(Render.json(report).text, terminator: "")
                return
            }
            print(Render.timeline(report, title: "Simulation of \(self.scenario) with \(configPath)"), terminator: "")
        }
    }
}
