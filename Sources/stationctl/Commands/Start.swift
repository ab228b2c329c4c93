import ArgumentParser
import Foundation
import SessionEngine

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a computer that is off.")
    @OptionGroup var lab: PathOptions
    @Argument(help: ArgumentHelp("The computer.", valueName: "computer")) var computer: String
    @OptionGroup var action: ActionOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try Exit.guarding {
            try Perform.run(.start(computer: computer), actor: Operator.actor, lab: lab, options: action, output: output)
        }
    }
}
