import Foundation

/// Where `stationctl` looks for its config and its store.
public enum ConfigLocation {
    /// The config files tried in order when none is given.
    public static let searchPath = ["./stationkeeper.lua", "/etc/stationkeeper/stationkeeper.lua"]

    /// `--config`, else `$STATIONKEEPER_CONFIG`, else the first of ``searchPath`` that exists.
    /// - Throws: ``ConfigError`` saying where it looked and how to make one.
    public static func config(explicit: String?, environment: [String: String]) throws(ConfigError) -> String {
        if let explicit { return try existing(explicit, from: "--config") }
        if let variable = environment["STATIONKEEPER_CONFIG"], !variable.isEmpty {
            return try existing(variable, from: "STATIONKEEPER_CONFIG")
        }
        if let found = searchPath.first(where: FileManager.default.fileExists(atPath:)) { return found }
        throw ConfigError(
            .notFound,
            "no config found (looked for \(searchPath.joined(separator: " and "))): write one with 'stationctl init', or pass --config PATH"
        )
    }

    /// `--store`, else `$STATIONKEEPER_STORE`, else the config's `store`, else the per-user or system default.
    public static func store(explicit: String?, environment: [String: String], config: StationConfig?) -> String {
        if let explicit { return explicit }
        if let variable = environment["STATIONKEEPER_STORE"], !variable.isEmpty { return variable }
        if let configured = config?.storePath { return configured }
        return defaultStore(environment: environment, isRoot: geteuid() == 0)
    }

    /// `/var/lib/stationkeeper/state.db` for root, else under `$XDG_STATE_HOME` or `~/.local/state`.
    public static func defaultStore(environment: [String: String], isRoot: Bool) -> String {
        if isRoot { return "/var/lib/stationkeeper/state.db" }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/stationkeeper/state.db"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/stationkeeper/state.db"
    }

    private static func existing(_ path: String, from source: String) throws(ConfigError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError(
                .noSuchFile, "the config \(path) (from \(source)) does not exist: write one with 'stationctl init', or fix the path")
        }
        return path
    }
}
