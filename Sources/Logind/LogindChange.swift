/// Something logind announced, decoded from its signals by `LogindBus.next(timeout:)`.
///
/// ```swift
/// for change in try bus.next(timeout: 1) {
///     switch change {
///     case .sessionNew(let id): print("signed in:", id)
///     case .sessionChanged(let id, let properties) where properties.contains("LockedHint"): print("locked or unlocked:", id)
///     case .sessionRemoved(let id): print("gone:", id)
///     default: break
///     }
/// }
/// ```
public enum LogindChange: Equatable, Sendable {
    /// `Manager.SessionNew`: a session was created.
    case sessionNew(id: String)
    /// `Manager.SessionRemoved`: a session is gone.
    case sessionRemoved(id: String)
    /// `Manager.SeatNew`.
    case seatNew(id: String)
    /// `Manager.SeatRemoved`.
    case seatRemoved(id: String)
    /// `PropertiesChanged` on a session object: the names of the properties that changed (with
    /// or without their new values; read them with `session(id:)`).
    case sessionChanged(id: String, properties: [String])
    /// `Session.Lock`: logind asked the session's screen locker to lock (`lock(session:)`).
    case sessionLock(id: String)
    /// `Session.Unlock`: logind asked it to unlock.
    case sessionUnlock(id: String)
}
