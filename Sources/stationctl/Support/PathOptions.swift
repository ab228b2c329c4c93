import ArgumentParser
import Foundation
import SessionEngine
import SessionStore
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
            "The state database: a SQLite file, or a district's PostgreSQL (postgresql://USER@HOST:PORT/DB).",
            discussion:
                "Default: $STATIONKEEPER_STORE, else store = \"…\" in the config, else /var/lib/stationkeeper/state.db for root or ~/.local/state/stationkeeper/state.db. A PostgreSQL password comes from PGPASSFILE, PGPASSWORD or the URL, and is never printed.",
            valueName: "path|url"))
    var store: String?
}

extension PathOptions {
    /// The store file these options name, which must exist, without syncing it to the config (a
    /// config that cannot be read only loses its `store = …` line).
    func existingStorePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let config = store == nil ? try? StationConfig.load(path: ConfigLocation.config(explicit: config, environment: environment)) : nil
        let path = ConfigLocation.store(explicit: store, environment: environment, config: config)
        guard SessionStore.exists(at: path) else {
            throw StoreError(
                .cannotOpen, "no store at \(path): name it with --store (or $STATIONKEEPER_STORE, or store = \"…\" in the config)")
        }
        return path
    }
}
