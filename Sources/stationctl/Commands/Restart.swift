import ArgumentParser
import Foundation
import SessionEngine

struct Restart: PowerVerb {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart a computer: every live session ends; it comes back running with none.",
        usage: """
            stationctl restart <computer> [--reason <text>] [--dry-run]
            stationctl restart <computer> --in <duration> [--message <text>]
            stationctl restart <computer> --cancel
            """)
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The computer.", valueName: "computer")) var computer: String
    @OptionGroup var schedule: ScheduleOptions
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static let restarts = true
}
