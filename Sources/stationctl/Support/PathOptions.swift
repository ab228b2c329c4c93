import ArgumentParser
import Foundation
import SessionEngine
import StationConfig

/// Where the config and the store are; every command that touches the lab takes these.
struct PathOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The config file.",
            discussion: "Default: $STATIONKEEPER_CONFIG, else ./stationkeeper.lua, else /etc/stationkeeper/stationkeeper.lua.",
            valueName: "path"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The state database (SQLite).",
            discussion:
                "Default: $STATIONKEEPER_STORE, else store = \"…\" in the config, else /var/lib/stationkeeper/state.db for root or ~/.local/state/stationkeeper/state.db.",
            valueName: "path"))
    var store: String?
}

extension PathOptions {
    /// The store file these options name, without syncing it to the config (a config that cannot
    /// be read only loses its `store = …` line).
    func storePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let store { return store }
        let config = try? StationConfig.load(path: ConfigLocation.config(explicit: config, environment: environment))
        return ConfigLocation.store(explicit: nil, environment: environment, config: config)
    }
}
