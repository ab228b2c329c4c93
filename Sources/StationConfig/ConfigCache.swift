import Foundation
import Lua
import SessionEngine

/// What every command needs of a config, kept by the config's content, so that a command does
/// not run a district's config of thousands of lines again: its policies, guards, store path and
/// its layout's fingerprint. The layout itself is read again only when the store must be synced.
///
/// The cache is a small JSON file per config in `$STATIONKEEPER_CACHE` (a folder, or `off`), else
/// `/var/cache/stationkeeper` for root, else `$XDG_CACHE_HOME/stationkeeper` or
/// `~/.cache/stationkeeper`. Any doubt (another content, another version, an unreadable file) means
/// the config is read in full; a cache that cannot be written is simply not kept.
enum ConfigCache {
    /// Bumped whenever what is cached, or how a config is read, changes.
    static let version = 2

    struct Entry: Codable {
        var version: Int
        var digest: String
        var storePath: String?
        var policies: [StationConfig.Declaration]
        var plugins: [StationConfig.Declaration]
        var protectedUsers: [String]
        var policyActionsPerMinute: Int?
        var policyInstructionsPerCall: Int?
        var logindComputer: StationConfig.LogindComputer?
        var calendar: CalendarSettings?
        var nologinWindow: Int
        var layoutFingerprint: String
    }

    /// A digest of the config's bytes (FNV-1a, 64 bits, and the length).
    static func digest(_ bytes: Data) -> String {
        var digest = Digest()
        digest.add(bytes)
        return "\(bytes.count):" + digest.text
    }

    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let chosen = environment["STATIONKEEPER_CACHE"], !chosen.isEmpty {
            return chosen == "off" ? nil : URL(fileURLWithPath: chosen)
        }
        if geteuid() == 0 { return URL(fileURLWithPath: "/var/cache/stationkeeper") }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("stationkeeper")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/stationkeeper")
    }

    static func file(for configPath: String) -> URL? {
        let absolute = URL(fileURLWithPath: configPath).standardized.path
        return directory()?.appendingPathComponent("config-\(digest(Data(absolute.utf8)).replacingOccurrences(of: ":", with: "-")).json")
    }

    /// The cached config for these bytes, if the cache holds exactly them.
    static func read(configPath: String, digest: String) -> StationConfig? {
        guard let file = file(for: configPath), let data = try? Data(contentsOf: file),
            let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.version == version, entry.digest == digest
        else { return nil }
        var config = StationConfig(path: configPath, layout: LabLayout(computers: []), storePath: entry.storePath)
        config.layoutFingerprint = entry.layoutFingerprint
        config.layoutIsLoaded = false
        config.policies = entry.policies
        config.plugins = entry.plugins
        config.protectedUsers = entry.protectedUsers
        config.policyActionsPerMinute = entry.policyActionsPerMinute
        config.policyInstructionsPerCall = entry.policyInstructionsPerCall
        config.logindComputer = entry.logindComputer
        config.calendar = entry.calendar
        config.nologinWindow = entry.nologinWindow
        return config
    }

    /// Keeps `config` for these bytes (best effort: a cache that cannot be written is not kept).
    static func write(_ config: StationConfig, digest: String) {
        guard let file = file(for: config.path) else { return }
        let entry = Entry(
            version: version, digest: digest, storePath: config.storePath, policies: config.policies,
            plugins: config.plugins, protectedUsers: config.protectedUsers,
            policyActionsPerMinute: config.policyActionsPerMinute, policyInstructionsPerCall: config.policyInstructionsPerCall,
            logindComputer: config.logindComputer, calendar: config.calendar, nologinWindow: config.nologinWindow,
            layoutFingerprint: config.layoutFingerprint)
        guard let data = try? JSONEncoder().encode(entry) else { return }
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            return  // no cache: every command reads the config in full, as before
        }
    }
}
