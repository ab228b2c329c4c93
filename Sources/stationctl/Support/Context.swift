import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// What a command works with: the config, the store synced to it, and "now".
struct Context {
    let config: StationConfig
    let store: SessionStore
    let now: Date

    /// Loads the config, opens the store and makes its computers and stations match the config.
    static func open(_ options: LabOptions) throws -> Context {
        let environment = ProcessInfo.processInfo.environment
        let now = try Self.now(environment: environment)
        let configPath = try ConfigLocation.config(explicit: options.config, environment: environment)
        let config = try StationConfig.load(path: configPath)
        let storePath = ConfigLocation.store(explicit: options.store, environment: environment, config: config)
        let store = try SessionStore(path: storePath)
        let sync = try store.syncLayout(config.layout)
        for kept in sync.kept {
            Console.warning("the config no longer lists \(kept): it stays until that session ends")
        }
        return Context(config: config, store: store, now: now)
    }

    /// The real time, or `STATIONKEEPER_NOW` (a testing aid: `2026-03-02T08:00:00Z`).
    static func now(environment: [String: String]) throws -> Date {
        guard let text = environment["STATIONKEEPER_NOW"], !text.isEmpty else { return Date() }
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw EngineError.invalidName("STATIONKEEPER_NOW='\(text)' is not an ISO 8601 UTC time such as 2026-03-02T08:00:00Z")
        }
        return date
    }
}
