import ArgumentParser
import Foundation
import SessionEngine

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
            try Perform.run(
                schedule.command(computer, restart: Self.restarts, now: now), actor: Operator.actor, lab: lab,
                options: action, output: output)
        }
    }
}
