import Foundation

/// What a verb was given, already read from Lua or a scenario.
public struct VerbInput: Sendable {
    /// The verb's first argument or object.
    public enum Target: Sendable, CustomStringConvertible {
        case user(String)
        case session(SessionRef)
        case station(StationID)
        case computer(String)

        public var description: String {
            switch self {
            case .user(let name): return "user \(name)"
            case .session(let ref): return "session \(ref)"
            case .station(let id): return "station \(id)"
            case .computer(let name): return "computer \(name)"
            }
        }
    }

    public var target: Target
    /// `message` and `message_all`'s text.
    public var text: String?
    /// A block message, or what users are told of a scheduled shutdown.
    public var message: String?
    public var reason: String?
    /// Seconds before a shutdown or restart; `nil` to act now.
    public var delay: Int?
    /// `sign_in`'s station.
    public var station: StationID?

    public init(
        target: Target, text: String? = nil, message: String? = nil, reason: String? = nil,
        delay: Int? = nil, station: StationID? = nil
    ) {
        self.target = target
        self.text = text
        self.message = message
        self.reason = reason
        self.delay = delay
        self.station = station
    }
}
