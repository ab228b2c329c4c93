import ArgumentParser
import Foundation
import SessionEngine

/// Where the config and the store are; every command that touches the lab takes these.
struct PathOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The config file.",
        discussion: "Default: $STATIONKEEPER_CONFIG, else ./stationkeeper.lua, else /etc/stationkeeper/stationkeeper.lua.",
        valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp(
        "The state database (SQLite).",
        discussion: "Default: $STATIONKEEPER_STORE, else store = \"…\" in the config, else /var/lib/stationkeeper/state.db for root or ~/.local/state/stationkeeper/state.db.",
        valueName: "path"))
    var store: String?
}

/// `--json` for listings and actions.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}

/// What every action takes.
struct ActionOptions: ParsableArguments {
    @Flag(name: .long, help: "Say what would happen, and change nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Why: recorded in the journal with the event.", valueName: "text"))
    var reason: String?
}

extension SessionState: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["active", "locked", "suspended"] }
}

/// Parses names given on the command line; a malformed one is a usage error naming what is allowed.
enum Parse {
    static func sessions(_ texts: [String]) throws -> [SessionRef] {
        try texts.map { text throws(EngineError) in try SessionRef(parsing: text) }
    }

    static func stations(_ texts: [String]) throws -> [StationID] {
        try texts.map { text throws(EngineError) in try StationID(parsing: text) }
    }
}
