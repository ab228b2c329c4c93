import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// What the dashboard works over: the config and the store, the same ones `stationctl` uses, and
/// the clock (`STATIONKEEPER_NOW` in tests). Opened once by `stationctl dashboard`.
public struct Lab: Sendable {
    public var config: StationConfig
    public var store: SessionStore
    public var clock: any WallClock

    public init(config: StationConfig, store: SessionStore, clock: any WallClock) {
        self.config = config
        self.store = store
        self.clock = clock
    }

    var now: Date { clock.now }
}
