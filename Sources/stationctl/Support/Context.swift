import Foundation
import Logging
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon

/// What a command works with: the config, the store synced to it, and "now".
struct Context {
    let config: StationConfig
    let store: SessionStore
    let now: Date

    /// `STATIONKEEPER_NOW` when set (then fixed for the whole command), else the real clock.
    var clock: any WallClock {
        ProcessInfo.processInfo.environment["STATIONKEEPER_NOW"].map { _ in FixedClock(now) as any WallClock }
            ?? SystemClock()
    }

    /// Loads the config, opens the store and makes its computers and stations match the config.
    ///
    /// With `readOnly` (listings) nothing is written: the store is opened read-only (a missing one
    /// reads as empty) and, when the config changed since the last sync, read through an in-memory
    /// copy brought in step, so listings show the config's layout and work for a user who may only
    /// read the store.
    static func open(_ paths: PathOptions, readOnly: Bool = false) throws -> Context {
        try open(config: paths.config, store: paths.store, readOnly: readOnly)
    }

    /// The config read again, over a store already open (the daemon's, on SIGHUP: its policies
    /// must act through the connection its batches hold, not a second one that would wait for them).
    static func reopen(_ paths: PathOptions, over store: SessionStore) throws -> Context {
        try open(config: paths.config, store: paths.store, over: store)
    }

    /// Same, from explicit paths (`nil`: the usual search).
    /// - Parameter existing: a store already open to sync and use instead of opening one (the daemon's).
    static func open(
        config explicitConfig: String?, store explicitStore: String?, readOnly: Bool = false, over existing: SessionStore? = nil
    ) throws -> Context {
        let environment = ProcessInfo.processInfo.environment
        let now = try Self.now(environment: environment)
        let configPath = try ConfigLocation.config(explicit: explicitConfig, environment: environment)
        let config = try StationConfig.load(path: configPath, keeping: !readOnly)
        let storePath = ConfigLocation.store(explicit: explicitStore, environment: environment, config: config)
        let store: SessionStore
        let sync: LayoutSync
        if readOnly {
            if !SessionStore.exists(at: storePath) {
                Console.warning(
                    "no store at \(storePath) yet: showing the config's computers and stations with no session (the first action creates it)"
                )
            }
            (store, sync) = try SessionStore.reading(path: storePath).viewSynced(fingerprint: config.layoutFingerprint) {
                try config.loadedLayout()
            }
        } else {
            store = try existing ?? SessionStore.open(storePath)
            sync = try store.syncLayout(fingerprint: config.layoutFingerprint) { try config.loadedLayout() }
        }
        for kept in sync.kept {
            let until = kept.hasPrefix("computer ") ? "its live sessions end" : "that session ends"
            Console.warning("the config no longer lists \(kept): it stays, refusing new sign-ins, until \(until)")
        }
        return Context(config: config, store: store, now: now)
    }

    /// The real time, or `STATIONKEEPER_NOW` (a testing aid: `2026-03-02T08:00:00Z`).
    static func now(environment: [String: String]) throws -> Date {
        guard let text = environment["STATIONKEEPER_NOW"], !text.isEmpty else { return Date() }
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw EngineError.invalid("STATIONKEEPER_NOW='\(text)' is not an ISO 8601 UTC time such as 2026-03-02T08:00:00Z")
        }
        return date
    }

    /// The config's policies and plugins over this command's store, for a plugin command or a listing:
    /// loading them writes nothing (only `serve` saves the daemon's state).
    func policies() throws -> PolicySet {
        try PolicySet.over(store, config: config, clock: clock, logger: Logger(label: "stationkeeper"))
    }
}
