import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// What a command works with: the config, the store synced to it, and "now".
struct Context {
    let config: StationConfig
    let store: SessionStore
    let now: Date

    /// `STATIONKEEPER_NOW` when set (then fixed for the whole command), else the real clock.
    var clock: any Clock {
        ProcessInfo.processInfo.environment["STATIONKEEPER_NOW"].map { _ in FixedClock(now) as any Clock } ?? SystemClock()
    }

    /// Loads the config, opens the store and makes its computers and stations match the config.
    static func open(_ options: LabOptions) throws -> Context {
        try open(config: options.config, store: options.store)
    }

    /// Same, from explicit paths (`nil`: the usual search).
    static func open(config explicitConfig: String?, store explicitStore: String?) throws -> Context {
        let environment = ProcessInfo.processInfo.environment
        let now = try Self.now(environment: environment)
        let configPath = try ConfigLocation.config(explicit: explicitConfig, environment: environment)
        let config = try StationConfig.load(path: configPath)
        let storePath = ConfigLocation.store(explicit: explicitStore, environment: environment, config: config)
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
