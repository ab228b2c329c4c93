import ArgumentParser
import Foundation
import SessionEngine

/// `--in`, `--message` and `--cancel`, shared by `shutdown` and `restart`.
struct ScheduleOptions: ParsableArguments {
    @Option(
        name: .customLong("in"),
        help: ArgumentHelp(
            "Schedule it this long from now (90s, 5m, 1h30m) instead of doing it now; `stationctl serve` carries it out.",
            valueName: "duration"))
    var delay: String?

    @Option(help: ArgumentHelp("With --in: what users are told.", valueName: "text"))
    var message: String?

    @Flag(help: "Cancel the scheduled shutdown or restart.")
    var cancel = false

    func validate() throws {
        if cancel && (delay != nil || message != nil) {
            throw ValidationError("--cancel takes neither --in nor --message")
        }
        if message != nil && delay == nil {
            throw ValidationError("--message goes with --in: a shutdown done now has nobody left to tell")
        }
    }

    func command(_ computer: String, restart: Bool, now: Date) throws -> Command {
        if cancel { return .cancelShutdown(computer: computer) }
        guard let delay else { return restart ? .restart(computer: computer) : .shutdown(computer: computer) }
        let seconds = try Durations.seconds(delay)
        guard seconds > 0 else { throw EngineError.invalid("--in must be longer than 0s") }
        return .schedule(computer: computer, ScheduledShutdown(at: now + Double(seconds), restart: restart, message: message))
    }
}
