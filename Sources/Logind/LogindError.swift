#if canImport(Glibc)
import Glibc
#endif

/// An error from the bus or from logind.
///
/// `name` is the D-Bus error name when the bus or logind answered with one
/// (`org.freedesktop.login1.NoSuchSession`, `org.freedesktop.DBus.Error.AccessDenied`…);
/// `message` is one line that says what failed and, where it can, what to do.
/// Callers switch on `code`, never on the message's text.
///
/// ```swift
/// do {
///     try bus.terminate(session: "c9")
/// } catch let error where error.code == .noSuchSession {
///     // error.name == "org.freedesktop.login1.NoSuchSession"
///     // error.message == "logind refused TerminateSession(\"c9\"): org.freedesktop.login1.NoSuchSession: No session 'c9' known"
/// }
/// ```
public struct LogindError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// The bus could not be reached (no socket, refused, not a D-Bus bus).
        case unreachable
        /// Nothing owns `org.freedesktop.login1` on the bus (elogind or systemd-logind is not running).
        case notOnBus
        /// The connection to the bus was lost: reconnect (a new `LogindBus`) and read the state again.
        case disconnected
        /// No answer within the call's timeout.
        case timedOut
        /// logind knows no session by that id (or it went away meanwhile).
        case noSuchSession
        /// logind knows no seat by that id.
        case noSuchSeat
        /// Refused by logind's or polkit's access checks.
        case denied
        /// logind does not support that on this session or system (e.g. SetIdleHint on a tty session).
        case notSupported
        /// An answer this module cannot read (a logind with a different API).
        case malformedReply
        /// Any other D-Bus error: `name` says which.
        case failed
    }

    public var code: Code
    /// The D-Bus error name, when there was one.
    public var name: String?
    public var message: String
    /// What the bus or logind said ("name: text", or errno's text), for messages that wrap this one.
    var cause: String?

    public init(_ code: Code, name: String? = nil, _ message: String) {
        self.code = code
        self.name = name
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    public var description: String { message }

    /// The code for a D-Bus error name (and the negative errno sd-bus returned with it).
    static func code(name: String?, errno: Int32) -> Code {
        switch name {
        case "org.freedesktop.login1.NoSuchSession": return .noSuchSession
        case "org.freedesktop.login1.NoSuchSeat": return .noSuchSeat
        case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner": return .notOnBus
        case "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.TimedOut", "org.freedesktop.DBus.Error.NoReply":
            return .timedOut
        case "org.freedesktop.DBus.Error.AccessDenied", "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired",
            "org.freedesktop.PolicyKit1.Error.NotAuthorized":
            return .denied
        case "org.freedesktop.DBus.Error.NotSupported": return .notSupported
        case "org.freedesktop.DBus.Error.Disconnected": return .disconnected
        default: break
        }
        switch -errno {
        case ENOTCONN, ECONNRESET, EPIPE, ESHUTDOWN, ENETRESET: return .disconnected
        case ETIMEDOUT: return .timedOut
        default: return .failed
        }
    }

    /// The text of a negative errno as sd-bus returns it ("Connection refused").
    static func text(errno: Int32) -> String {
        String(cString: strerror(-errno))
    }

    /// The connection was lost while `doing` (e.g. "waiting for logind's signals"); `cause` is what sd-bus said.
    static func disconnected(_ address: String, while doing: String, cause: String? = nil, name: String? = nil) -> LogindError {
        let said = cause.map { " (\($0))" } ?? ""
        var error = LogindError(
            .disconnected, name: name,
            "lost the connection to the system bus at \(address) while \(doing)\(said); reconnect (a new LogindBus) and read the sessions again"
        )
        error.cause = cause
        return error
    }
}
