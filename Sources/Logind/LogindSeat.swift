/// One logind seat: a workplace (screen, keyboard, mouse), `seat0` on every computer with a
/// console.
///
/// ```swift
/// let seat = try bus.seats().first { $0.id == "seat0" }
/// seat?.activeSession   // "c3", nil when no session is in the foreground
/// seat?.sessions        // ["c3", "c5"]
/// ```
public struct LogindSeat: Equatable, Sendable {
    public var id: String
    /// The session in the foreground, nil when none.
    public var activeSession: String?
    /// Every session on the seat.
    public var sessions: [String]
    /// Whether the seat has virtual terminals (only seat0 does).
    public var canTTY: Bool
    /// Whether the seat has a graphics device.
    public var canGraphical: Bool

    public init(id: String, activeSession: String? = nil, sessions: [String] = [], canTTY: Bool = false, canGraphical: Bool = false) {
        self.id = id
        self.activeSession = activeSession
        self.sessions = sessions
        self.canTTY = canTTY
        self.canGraphical = canGraphical
    }
}

extension LogindSeat {
    /// Reads a seat from its `Properties.GetAll` answer; only `Id` is required.
    init(properties: [String: BusValue]) throws(LogindError) {
        guard let id = properties["Id"]?.string else {
            throw LogindError(.malformedReply, "cannot read a logind seat: its properties have no Id")
        }
        self.init(
            id: id,
            activeSession: properties["ActiveSession"]?[0]?.string.flatMap { $0.isEmpty ? nil : $0 },
            sessions: (properties["Sessions"]?.elements ?? []).compactMap { $0[0]?.string },
            canTTY: properties["CanTTY"]?.bool ?? false,
            canGraphical: properties["CanGraphical"]?.bool ?? false
        )
    }
}
