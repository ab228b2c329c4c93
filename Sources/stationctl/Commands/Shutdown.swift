import ArgumentParser
import Foundation
import SessionEngine

struct Shutdown: PowerVerb {
    static let configuration = CommandConfiguration(
        commandName: "shutdown",
        abstract: "Shut a computer down: every live session ends, suspended ones lose unsaved work.",
        usage: """
            stationctl shutdown <computer> [--reason <text>] [--dry-run]
            stationctl shutdown <computer> --in <duration> [--message <text>]
            stationctl shutdown <computer> --cancel
            """,
        discussion:
            "With --in, new sign-ins on the computer are refused during the last minutes before it (nologin_before_shutdown, default 5m).")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The computer.", valueName: "computer")) var computer: String
    @OptionGroup var schedule: ScheduleOptions
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static let restarts = false
}
