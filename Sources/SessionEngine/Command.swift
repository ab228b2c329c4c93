import Foundation

/// Everything `stationctl`, a policy or a plugin can ask of the engine.
///
/// Verbs that name several targets explicitly are all-or-nothing; the `…All` forms
/// act on what they apply to and report the rest as ``Outcome/skipped``.
public enum Command: Hashable, Sendable {
    case signIn(user: String, station: StationID)
    case lock(SessionRef)
    case unlock(SessionRef)
    case disconnect(SessionRef)
    case signOut(SessionRef)
    /// The user did something: `last_activity` becomes now. Not a transition, so not journaled.
    case activity(SessionRef)
    case suspend([SessionRef])
    case suspendStation(StationID)
    case suspendAll(computer: String)
    case end([SessionRef])
    case endAll(computer: String?)
    case block([StationID], message: String)
    case blockAll(computer: String, message: String)
    case unblock([StationID])
    case unblockAll(computer: String)
    case shutdown(computer: String)
    case restart(computer: String)
    case start(computer: String)
    /// Schedules a shutdown or restart; replaces one already scheduled.
    case schedule(computer: String, ScheduledShutdown)
    case cancelShutdown(computer: String)
    /// Records a message to sessions (delivery to a screen is a plugin's job).
    case message([SessionRef], text: String)
    case messageAll(computer: String?, text: String)
    /// Carries out a due scheduled shutdown or restart (the daemon, as `system`).
    case carryOutSchedule(computer: String)

    /// The message a blocked station shows unless told otherwise.
    public static let defaultBlockMessage = "Station blocked"

    /// The computers whose slice the command needs, when known without a lookup.
    /// `nil` means every computer. Sessions named by id add their own computer.
    public var computers: Set<String>? {
        switch self {
        case .signIn(_, let station), .suspendStation(let station): return [station.computer]
        case .lock, .unlock, .disconnect, .signOut, .activity, .suspend, .end, .message:
            return Self.computers(of: sessionRefs ?? [])
        case .suspendAll(let computer), .blockAll(let computer, _), .unblockAll(let computer),
            .shutdown(let computer), .restart(let computer), .start(let computer),
            .schedule(let computer, _), .cancelShutdown(let computer), .carryOutSchedule(let computer):
            return [computer]
        case .endAll(let computer), .messageAll(let computer, _): return computer.map { [$0] }
        case .block(let stations, _), .unblock(let stations): return Set(stations.map(\.computer))
        }
    }

    /// The sessions the command acts on, when it acts on named sessions only: their computers,
    /// their stations and themselves are all it needs of the lab (`nil` for other commands).
    public var sessionRefs: [SessionRef]? {
        switch self {
        case .lock(let ref), .unlock(let ref), .disconnect(let ref), .signOut(let ref), .activity(let ref): return [ref]
        case .suspend(let refs), .end(let refs), .message(let refs, _): return refs
        default: return nil
        }
    }

    /// Whether the command needs every station of its computers, free ones included (it names a
    /// station, or acts on all of them). Others need only the stations their sessions are on.
    public var readsEveryStation: Bool {
        switch self {
        case .signIn, .suspendStation, .block, .unblock, .blockAll, .unblockAll: return true
        default: return false
        }
    }

    /// Session ids the command names; the store looks up their computers.
    public var sessionIDs: [Int64] { Self.ids(of: sessionRefs ?? []) }

    private static func computers(of refs: [SessionRef]) -> Set<String> {
        Set(
            refs.compactMap { ref in
                if case .user(_, let computer) = ref { return computer }
                return nil
            })
    }

    private static func ids(of refs: [SessionRef]) -> [Int64] {
        refs.compactMap { ref in
            if case .id(let id) = ref { return id }
            return nil
        }
    }
}
