/// Why the engine would not do what it was asked. Nothing changes when one is thrown.
public enum EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A name that is malformed (`LAB-1` where `LAB-1/3` was expected).
    case invalid(String)
    /// A well-formed name of something that does not exist.
    case unknown(String)
    /// A verb that does not apply in the current state; the message names that state.
    case refused(String)

    public var description: String {
        switch self {
        case .invalid(let message), .unknown(let message), .refused(let message):
            return message
        }
    }
}
