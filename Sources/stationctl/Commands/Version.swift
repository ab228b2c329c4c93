import ArgumentParser
import Presentation

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print stationctl's version (also: stationctl --version).")

    /// The release; scripts read it with `stationctl version --json`.
    static let number = "0.8.0"

    @OptionGroup var output: OutputOptions

    func run() throws {
        if output.json {
            print(JSON.object([("name", .string("stationctl")), ("version", .string(Self.number))]).text, terminator: "")
        } else {
            print("stationctl \(Self.number)")
        }
    }
}
