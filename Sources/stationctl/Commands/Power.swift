import ArgumentParser
import Foundation
import SessionEngine

/// `--in`, `--message` and `--cancel`, shared by `shutdown` and `restart`.
struct ScheduleOptions: ParsableArguments {
    @Option(name: .customLong("in"), help: ArgumentHelp(
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

/// `shutdown` and `restart`: now, scheduled with `--in`, or cancelled.
protocol PowerVerb: ParsableCommand {
    var lab: PathOptions { get }
    var computer: String { get }
    var schedule: ScheduleOptions { get }
    var action: ActionOptions { get }
    var output: OutputOptions { get }
    static var restarts: Bool { get }
}

extension PowerVerb {
    func run() throws {
        try Exit.guarding {
            let now = try Context.now(environment: ProcessInfo.processInfo.environment)
            try Perform.run(schedule.command(computer, restart: Self.restarts, now: now), actor: .admin, lab: lab,
                           options: action, output: output)
        }
    }
}

struct Shutdown: PowerVerb {
    static let configuration = CommandConfiguration(
        commandName: "shutdown",
        abstract: "Shut a computer down: every live session ends, suspended ones lose unsaved work.",
        usage: """
            stationctl shutdown <computer> [--reason <text>] [--dry-run]
            stationctl shutdown <computer> --in <duration> [--message <text>]
            stationctl shutdown <computer> --cancel
            """,
        discussion: "With --in, new sign-ins on the computer are refused during the last minutes before it (nologin_before_shutdown, default 5m).")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The computer.", valueName: "computer")) var computer: String
    @OptionGroup var schedule: ScheduleOptions
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions
    static let restarts = false
}

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

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a computer that is off.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The computer.", valueName: "computer")) var computer: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            try Perform.run(.start(computer: computer), actor: .admin, lab: lab, options: action, output: output)
        }
    }
}
