import Foundation

/// One logind session, as `org.freedesktop.login1.Session`'s properties describe it.
///
/// ```swift
/// let session = try bus.session(id: "c3")
/// session.seat          // "seat0" (nil for a seat-less session: ssh, xrdp, a background job)
/// session.vtnr          // 7 (nil when it has no VT)
/// session.remote        // false; true with remoteHost "192.0.2.10" for a PAM_RHOST login
/// session.state         // .online (logged in, not in the foreground), .active, or .closing
/// session.lockedHint    // what the screen locker last reported with SetLockedHint
/// ```
public struct LogindSession: Equatable, Sendable {
    /// logind's session state.
    public enum State: Equatable, Sendable {
        /// Logged in, not in the foreground.
        case online
        /// Logged in and in the foreground of its seat (or a remote session).
        case active
        /// Logged out, with processes left.
        case closing
        /// A state this module does not know, as logind named it.
        case other(String)

        public init(_ text: String) {
            switch text {
            case "online": self = .online
            case "active": self = .active
            case "closing": self = .closing
            default: self = .other(text)
            }
        }
    }

    /// The session id, e.g. "c3" (elogind) or "12" (systemd-logind).
    public var id: String
    public var uid: UInt32
    /// The user's name.
    public var user: String
    /// The seat, nil when the session has none.
    public var seat: String?
    /// The terminal ("tty7", "pts/0"), nil when none.
    public var tty: String?
    /// The virtual terminal number, nil when none.
    public var vtnr: Int?
    /// The X11 display (":0"), nil when none.
    public var display: String?
    public var remote: Bool
    /// The remote host (PAM_RHOST), nil when not remote or not known.
    public var remoteHost: String?
    /// The remote user (PAM_RUSER), nil when not known.
    public var remoteUser: String?
    /// The PAM service that opened the session ("login", "xrdp-sesman", "stationkeeper").
    public var service: String
    /// "tty", "x11", "wayland", "mir", "web" or "unspecified".
    public var type: String
    /// "user", "greeter", "lock-screen" or "background" (`Class`; `class` is a Swift keyword).
    public var sessionClass: String
    public var state: State
    /// Whether the session is in the foreground of its seat.
    public var active: Bool
    public var idleHint: Bool
    /// Since when the session is idle (`IdleSinceHint`), nil when it is not or logind does not know.
    public var idleSince: Date?
    public var lockedHint: Bool
    /// The pid of the session's leader (the process that opened it with PAM).
    public var leader: Int32
    /// When the session was created, nil when logind does not say.
    public var timestamp: Date?

    public init(
        id: String, uid: UInt32, user: String, seat: String? = nil, tty: String? = nil, vtnr: Int? = nil,
        display: String? = nil, remote: Bool = false, remoteHost: String? = nil, remoteUser: String? = nil,
        service: String = "", type: String = "unspecified", sessionClass: String = "user", state: State = .online,
        active: Bool = false, idleHint: Bool = false, idleSince: Date? = nil, lockedHint: Bool = false, leader: Int32 = 0,
        timestamp: Date? = nil
    ) {
        self.id = id
        self.uid = uid
        self.user = user
        self.seat = seat
        self.tty = tty
        self.vtnr = vtnr
        self.display = display
        self.remote = remote
        self.remoteHost = remoteHost
        self.remoteUser = remoteUser
        self.service = service
        self.type = type
        self.sessionClass = sessionClass
        self.state = state
        self.active = active
        self.idleHint = idleHint
        self.idleSince = idleSince
        self.lockedHint = lockedHint
        self.leader = leader
        self.timestamp = timestamp
    }
}

extension LogindSession {
    /// Reads a session from its `Properties.GetAll` answer. Only `Id` is required; a property
    /// logind does not send keeps its default.
    init(properties: [String: BusValue]) throws(LogindError) {
        guard let id = properties["Id"]?.string else {
            throw LogindError(.malformedReply, "cannot read a logind session: its properties have no Id")
        }
        let text = { (name: String) in properties[name]?.string.flatMap { $0.isEmpty ? nil : $0 } }
        let flag = { (name: String) in properties[name]?.bool ?? false }
        self.init(
            id: id,
            uid: properties["User"]?[0]?.unsigned.map { UInt32(truncatingIfNeeded: $0) } ?? 0,
            user: text("Name") ?? "",
            seat: properties["Seat"]?[0]?.string.flatMap { $0.isEmpty ? nil : $0 },
            tty: text("TTY"),
            vtnr: properties["VTNr"]?.unsigned.flatMap { $0 == 0 ? nil : Int(truncatingIfNeeded: $0) },
            display: text("Display"),
            remote: flag("Remote"),
            remoteHost: text("RemoteHost"),
            remoteUser: text("RemoteUser"),
            service: text("Service") ?? "",
            type: text("Type") ?? "unspecified",
            sessionClass: text("Class") ?? "user",
            state: State(text("State") ?? "online"),
            active: flag("Active"),
            idleHint: flag("IdleHint"),
            idleSince: Self.date(properties["IdleSinceHint"]),
            lockedHint: flag("LockedHint"),
            leader: properties["Leader"]?.unsigned.map { Int32(truncatingIfNeeded: $0) } ?? 0,
            timestamp: Self.date(properties["Timestamp"])
        )
    }

    /// A CLOCK_REALTIME time in microseconds, nil when 0 (logind's "not set").
    static func date(_ value: BusValue?) -> Date? {
        guard let microseconds = value?.unsigned, microseconds > 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(microseconds) / 1_000_000)
    }
}
