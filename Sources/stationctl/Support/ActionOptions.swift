import ArgumentParser
import Foundation
import SessionEngine

/// What every action takes.
struct ActionOptions: ParsableArguments {
    @Flag(name: .long, help: "Say what would happen, and change nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Why: recorded in the journal with the event.", valueName: "text"))
    var reason: String?
}
