import Foundation
import Logging
import Logind
import SessionEngine
import SessionStore
import StationConfig

/// Keeps the computer declared `seats = "logind"` in step with the machine's logind, both ways:
/// what logind reports becomes the transition it means (journaled with reason `logind`), and what
/// Stationkeeper decides (an admin, a policy) is carried out on the machine (``carryOut()``).
///
/// ```swift
/// let bridge = LogindBridge(computer: logindComputer, store: store, rules: rules, clock: clock)
/// try bridge.connect()            // connects and reconciles; again after a lost connection
/// try bridge.follow(bridge.changes(within: 0.02))
/// try bridge.carryOut()           // after the hooks ran
/// ```
///
/// docs/logind.md has the mapping table.
public final class LogindBridge {
    public let computer: StationConfig.LogindComputer
    /// The system bus address (`nil`: `DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket).
    let address: String?
    /// The connection; `nil` before ``connect()`` and after it was lost.
    private var bus: LogindBus?
    public var connected: Bool { bus != nil }
    private var lastAttempt = Date.distantPast
    let store: SessionStore
    let rules: EngineRules
    let clock: any WallClock
    let logger: Logger
    /// What the bridge last saw of each of logind's sessions it follows, by logind id.
    private var seen: [String: LogindSession] = [:]

    /// The journal's `reason` for what logind reported.
    public static let reason = "logind"
    /// The cursor of the outbox (the journal events carried out on the machine so far).
    public static let cursorName = "logind"

    public init(
        computer: StationConfig.LogindComputer, address: String? = nil, store: SessionStore, rules: EngineRules,
        clock: any WallClock, logger: Logger = Logger(label: "stationkeeper")
    ) {
        self.computer = computer
        self.address = address
        self.store = store
        self.rules = rules
        self.clock = clock
        self.logger = logger
    }

    // MARK: The connection

    /// Connects to logind and reconciles.
    /// - Throws: ``Logind/LogindError`` when logind cannot be reached; `StoreError`.
    public func connect() throws {
        lastAttempt = Date()
        let fresh = try LogindBus(address: address)
        bus = fresh
        do {
            try reconcile()
        } catch let error as LogindError {
            bus = nil
            throw error
        }
    }

    /// After a lost connection: logged once; the daemon goes on with the store, and connects again.
    public func lost(_ error: LogindError) {
        guard connected else { return }
        bus = nil
        logger.error("logind: \(error); connecting again every second, then reconciling")
    }

    /// At most once a second while disconnected: a new connection, and a reconciliation.
    public func reconnectIfDue() throws {
        guard !connected, Date().timeIntervalSince(lastAttempt) >= 1 else { return }
        do {
            try connect()
            logger.info("logind: connected and reconciled")
        } catch let error as LogindError {
            logger.debug("logind: still unreachable: \(error)")
        }
    }

    /// What logind reported, waiting at most `seconds` (nothing when not connected).
    public func changes(within seconds: TimeInterval) throws -> [LogindChange] {
        guard let bus else { return [] }
        return try bus.next(timeout: seconds)
    }

    /// The connection, or the error a lost one gives.
    func connection() throws -> LogindBus {
        guard let bus else { throw LogindError(.disconnected, "not connected to logind") }
        return bus
    }

    // MARK: Observe

    /// Makes the store match logind: the seats are the stations, a linked session logind no longer
    /// has ends (it went while nobody watched), and every user session logind has is signed in,
    /// reconnected or brought to its state.
    public func reconcile() throws {
        let bus = try connection()
        try bus.watch()
        let seats = try bus.seats().map(\.id)
        let sessions = try bus.sessions().filter(isStationSession)
        // What logind said, written in one transaction (500 remote desktops: one commit, not 1,500).
        let links = try store.logindLinks()
        try store.batch {
            try syncStations(seats)
            let live = Set(sessions.map(\.id))
            for (logindID, session) in links where !live.contains(logindID) {
                try gone(logindID, session: session, cause: "the logind session ended while the daemon was not watching")
            }
            seen = [:]
            for session in sessions { try follow(session) }
        }
        // Linked sessions logind still has that Stationkeeper ended: end them on the machine too.
        var ended: [String] = []
        for session in sessions {
            if let linked = links[session.id], try liveSession(.id(linked)) == nil { ended.append(session.id) }
        }
        try terminateEnded(ended)
    }

    /// Applies what logind reported since the last call.
    public func follow(_ changes: [LogindChange]) throws {
        for change in changes {
            switch change {
            case .sessionNew(let id), .sessionChanged(let id, _):
                do {
                    let session = try connection().session(id: id)
                    if isStationSession(session) {
                        try follow(session)
                    } else if session.state == .closing {
                        try removed(id)  // logged out, with processes left behind: signed out
                    }
                } catch let error as LogindError where error.code == .noSuchSession {
                    try removed(id)
                }
            case .sessionRemoved(let id): try removed(id)
            case .seatNew, .seatRemoved: try syncStations(connection().seats().map(\.id))
            case .sessionLock, .sessionUnlock: break  // the locker answers with LockedHint, followed above
            }
        }
    }

    /// A user session on a seat, or a graphical remote one when the config gives remote stations.
    /// Greeters, background and manager sessions, and SSH logins, are not stations' sessions.
    func isStationSession(_ session: LogindSession) -> Bool {
        guard session.sessionClass == "user", session.state != .closing else { return false }
        if session.seat != nil { return true }
        return computer.remoteStations > 0 && session.remote && ["x11", "wayland", "mir"].contains(session.type)
    }

    private func syncStations(_ seats: [String]) throws {
        let sync = try store.syncStations(ofLogindComputer: computer.name, to: seats.sorted() + computer.remoteStationNames)
        if !sync.added.isEmpty || !sync.removed.isEmpty {
            logger.info("logind seats: added \(sync.added), removed \(sync.removed)")
        }
    }

    /// One logind session as it is now: linked (signed in first when new), then in the state logind says.
    private func follow(_ session: LogindSession) throws {
        let previous = seen[session.id]
        seen[session.id] = session
        guard let live = try linkedSession(for: session) else { return }
        let wanted = Self.state(of: session)
        let station = live.station
        switch (live.state, wanted) {
        case (.active, .locked): try act(.lock(.id(live.id)), for: session)
        case (.locked, .active): try act(.unlock(.id(live.id)), for: session)
        case (.active, .suspended), (.locked, .suspended): try act(.disconnect(.id(live.id)), for: session)
        case (.suspended, .active), (.suspended, .locked):
            guard let seat = session.seat else { return }
            try act(.signIn(user: live.user, station: StationID(computer: computer.name, name: seat)), for: session)
            if wanted == .locked { try act(.lock(.id(live.id)), for: session) }
        default: break
        }
        // Input again after an idle spell: the user's activity (idle_seconds counts from it).
        if let previous, previous.idleHint, !session.idleHint, wanted == .active, station != nil {
            try act(.activity(.id(live.id)), for: session)
        }
    }

    /// active, locked or suspended, as logind's session shows it: a seat session that is not the
    /// seat's foreground one (the user switched, or the greeter is up) is suspended by its user.
    static func state(of session: LogindSession) -> SessionState {
        if session.seat != nil, !session.active { return .suspended }
        return session.lockedHint ? .locked : .active
    }

    /// The live Stationkeeper session of a logind session: linked before, or the user's on this
    /// computer (linked now), or signed in now at its seat or a free remote station.
    private func linkedSession(for session: LogindSession) throws -> Session? {
        if let id = try store.linkedSession(ofLogind: session.id) {
            // Linked to a session Stationkeeper ended: the outbox terminates it; not a new sign-in.
            return try liveSession(.id(id))
        }
        if let own = try liveSession(.user(session.user, computer: computer.name)) {
            // A second logind session of a user who already has one here: Stationkeeper keeps one per user.
            if let other = try store.logindID(ofSession: own.id), other != session.id, seen[other] != nil {
                logger.warning("logind session \(session.id) of \(session.user) is not followed: \(own.handle) is logind session \(other)")
                return nil
            }
            try store.link(logind: session.id, to: own.id, at: clock.now)
            if own.state == .suspended, Self.state(of: session) != .suspended, let station = try station(for: session) {
                try act(.signIn(user: session.user, station: station), for: session)
                return try store.session(.id(own.id))
            }
            return own
        }
        guard let station = try station(for: session) else {
            logger.warning(
                "logind session \(session.id) of \(session.user) is not followed: no free remote station (remote_stations = \(computer.remoteStations))"
            )
            return nil
        }
        guard let outcome = try act(.signIn(user: session.user, station: station), for: session),
            let id = outcome.events.first?.session
        else { return nil }
        try store.link(logind: session.id, to: id, at: clock.now)
        var live = try store.session(.id(id))
        if Self.state(of: session) == .locked {
            try act(.lock(.id(id)), for: session)
            live = try store.session(.id(id))
        }
        if Self.state(of: session) == .suspended {
            try act(.disconnect(.id(id)), for: session)
            live = try store.session(.id(id))
        }
        return live
    }

    /// The live session `ref` names, `nil` when there is none (ended, or never was); a store
    /// failure is thrown, not mistaken for "no session".
    private func liveSession(_ ref: SessionRef) throws -> Session? {
        do {
            return try store.session(ref)
        } catch is EngineError {
            return nil
        }
    }

    /// Its seat, or the first free remote station.
    private func station(for session: LogindSession) throws -> StationID? {
        if let seat = session.seat { return StationID(computer: computer.name, name: seat) }
        return try store.firstFreeStation(of: computer.name, named: "remote-").map { StationID(computer: computer.name, name: $0) }
    }

    /// A logind session is gone: its Stationkeeper session signs out (ends, when it was suspended,
    /// which a user cannot sign out of), unless Stationkeeper ended it already.
    private func removed(_ logindID: String) throws {
        seen[logindID] = nil
        guard let session = try store.linkedSession(ofLogind: logindID) else { return }
        try gone(logindID, session: session, cause: "the logind session is gone")
    }

    private func gone(_ logindID: String, session id: Int64, cause: String) throws {
        defer { try? store.unlink(logind: logindID) }
        guard let live = try liveSession(.id(id)) else { return }
        if live.state == .suspended {
            try perform(.end([.id(id)]), actor: .system, reason: "\(Self.reason): \(cause)")
        } else {
            try perform(.signOut(.id(id)), actor: .user, reason: Self.reason)
        }
    }

    /// A transition logind reported, done as its user with reason `logind`. A refusal (a blocked
    /// station, a retired one) is logged: logind is the truth for the machine, the store for the rest.
    @discardableResult
    private func act(_ command: Command, for session: LogindSession) throws -> Outcome? {
        try perform(command, actor: .user, reason: Self.reason)
    }

    @discardableResult
    private func perform(_ command: Command, actor: Actor, reason: String) throws -> Outcome? {
        do {
            return try store.perform(command, actor: actor, reason: reason, at: clock.now, rules: rules)
        } catch let error as EngineError {
            logger.warning("logind: \(command) refused: \(error)")
            return nil
        }
    }
}
