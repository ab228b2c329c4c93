import ArgumentParser
import Foundation
import Presentation
import SessionEngine

/// `--json` for listings and actions.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}
