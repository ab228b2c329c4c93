import ArgumentParser
import SessionEngine

/// The user's verbs on their own session share one shape.
protocol UserSessionVerb: ParsableCommand {
    var lab: PathOptions { get }
    var session: String { get }
    var action: ActionOptions { get }
    var output: OutputOptions { get }
    static func command(_ ref: SessionRef) -> Command
    /// What to print when the verb changes no journaled state.
    static var quietResult: String { get }
}

extension UserSessionVerb {
    func run() throws {
        try Exit.guarding {
            let ref = try SessionRef(parsing: session)
            try Perform.run(
                Self.command(ref), actor: .user, lab: lab, options: action, output: output,
                nothing: Self.quietResult)
        }
    }

    static var quietResult: String { "nothing to do" }
}
