import CSdBus
import Foundation

/// A connection to the system bus for talking to logind (systemd-logind or elogind) through sd-bus.
///
/// ```swift
/// let bus = try LogindBus()                          // $DBUS_SYSTEM_BUS_ADDRESS, else /run/dbus/system_bus_socket
/// for session in try bus.sessions() where session.seat == "seat0" {
///     print(session.id, session.user, session.state)  // c3 pupil2 online
/// }
/// try bus.lock(session: "c3")                        // logind sends the session's Lock signal
/// try bus.watch()
/// while true {
///     for change in try bus.next(timeout: 1) {        // [.sessionNew(id: "c4")], or [] after a quiet second
///         print(change)
///     }
/// }
/// ```
///
/// Every call waits for logind's answer, at most `timeout` seconds (5 by default); signals that
/// arrive meanwhile are kept for `next(timeout:)`. A lost connection is thrown as
/// `LogindError(.disconnected)` by whatever call notices it first: make a new `LogindBus`, then
/// read the sessions again (signals sent while disconnected are gone).
///
/// **One thread.** A `LogindBus` is not `Sendable` and not thread-safe (nor is sd-bus's
/// connection): create it and use it on the one thread that owns it, the daemon's loop. It is
/// closed when it goes.
public final class LogindBus {
    /// How long a call waits for logind's answer unless told otherwise.
    public static let defaultTimeout: TimeInterval = 5
    /// The system bus when `DBUS_SYSTEM_BUS_ADDRESS` is not set.
    public static let standardAddress = "unix:path=/run/dbus/system_bus_socket"

    /// The D-Bus address this connection was made to.
    public let address: String
    /// The sd-bus connection, owned: closed and released in `deinit`.
    let bus: OpaquePointer
    /// Whether `watch()` has installed its match rules.
    var watching = false

    /// Connects to the bus at `address`, by default the system bus (`$DBUS_SYSTEM_BUS_ADDRESS`,
    /// else `unix:path=/run/dbus/system_bus_socket`), and checks that logind is on it (owns
    /// `org.freedesktop.login1`, or the bus can start it), waiting at most `timeout` seconds.
    ///
    /// Throws `.unreachable` ("cannot reach the system bus at …: …; is dbus running?") or
    /// `.notOnBus` ("logind is not on the system bus at …").
    public init(address: String? = nil, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        let address = address ?? Self.systemBusAddress
        self.address = address
        var opened: OpaquePointer?
        let result = csdbus_connect(address, "stationkeeper", &opened)
        guard result >= 0, let opened else {
            throw LogindError(
                .unreachable, "cannot reach the system bus at \(address): \(LogindError.text(errno: result)); is dbus running?")
        }
        bus = opened
        try checkLogind(timeout: timeout)
    }

    deinit {
        sd_bus_flush_close_unref(bus)
    }

    /// `$DBUS_SYSTEM_BUS_ADDRESS` when set and not empty, else `standardAddress`.
    public static var systemBusAddress: String {
        guard let value = ProcessInfo.processInfo.environment["DBUS_SYSTEM_BUS_ADDRESS"], !value.isEmpty else {
            return standardAddress
        }
        return value
    }

    /// Whether `org.freedesktop.login1` has an owner or can be started by the bus.
    private func checkLogind(timeout: TimeInterval) throws(LogindError) {
        var owned = false
        var activatable = false
        do throws(LogindError) {
            owned = try call(Login1.bus("NameHasOwner"), [.string(Login1.service)], timeout: timeout).first?.bool ?? false
            if !owned {
                let names = try call(Login1.bus("ListActivatableNames"), timeout: timeout).first?.elements ?? []
                activatable = names.contains(.string(Login1.service))
            }
        } catch {
            throw LogindError(
                error.code == .disconnected ? .unreachable : error.code, name: error.name,
                "cannot reach the system bus at \(address): \(error.cause ?? error.message); is dbus running?")
        }
        guard owned || activatable else {
            throw LogindError(
                .notOnBus,
                "logind is not on the system bus at \(address): nothing owns \(Login1.service); is elogind or systemd-logind running?"
            )
        }
    }
}
