import Foundation
import SessionEngine
import SessionStore

/// Runs one engine command for a CLI verb and prints what happened.
enum Action {
    /// - Parameter nothing: what to say when a bulk verb found nothing to act on.
    static func run(_ command: Command, actor: Actor, lab: LabOptions, options: ActionOptions,
                    output: OutputOptions, nothing: String = "nothing to do") throws {
        try Exit.guarding {
            let context = try Context.open(lab)
            let outcome = try context.store.perform(
                command, actor: actor, reason: options.reason, at: context.now, dryRun: options.dryRun,
                rules: context.config.rules)
            if output.json {
                print(Render.json(outcome, dryRun: options.dryRun).text, terminator: "")
            } else {
                print(Render.outcome(outcome, dryRun: options.dryRun, nothing: nothing), terminator: "")
            }
            if !outcome.skipped.isEmpty && outcome.events.isEmpty {
                throw ExitCodeError(code: Exit.refused)
            }
        }
    }
}

/// A bulk verb that applied to nothing it was pointed at: its report is already printed.
struct ExitCodeError: Error {
    var code: Int32
}
