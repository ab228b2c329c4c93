import ArgumentParser
import Foundation
import Presentation
import SessionEngine
import SessionStore

/// Runs one engine command for a CLI verb and prints what happened.
enum Perform {
    /// - Parameter nothing: what to say when a bulk verb found nothing to act on.
    /// Call it inside ``Exit/guarding(_:)``, as every command's `run()` does.
    static func run(
        _ command: Command, actor: Actor, lab: PathOptions, options: ActionOptions,
        output: OutputOptions, nothing: String = "nothing to do"
    ) throws {
        let context = try Context.open(lab)
        let outcome = try context.store.perform(
            command, actor: actor, reason: options.reason, at: context.now, dryRun: options.dryRun,
            rules: context.config.rules)
        if output.json {
            print(Render.json(outcome, dryRun: options.dryRun).text, terminator: "")
        } else {
            print(Render.outcome(outcome, dryRun: options.dryRun, nothing: nothing), terminator: "")
        }
        // A bulk verb that applied to nothing it was pointed at: its report is already printed.
        if !outcome.skipped.isEmpty && outcome.events.isEmpty {
            throw ExitCode(Exit.refused)
        }
    }
}
