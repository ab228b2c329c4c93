import CSdBus
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension LogindBus {
    /// The match rules `watch()` asks the bus for: the Manager's four signals, and
    /// `PropertiesChanged`, `Lock` and `Unlock` on every session object.
    static let matchRules: [String] = {
        let sender = "type='signal',sender='\(Login1.service)'"
        let manager = ["SessionNew", "SessionRemoved", "SeatNew", "SeatRemoved"].map { member in
            "\(sender),path='\(Login1.managerPath)',interface='\(Login1.managerInterface)',member='\(member)'"
        }
        let sessions = "path_namespace='\(Login1.sessionPathNamespace)'"
        return manager + [
            "\(sender),interface='\(Login1.propertiesInterface)',member='PropertiesChanged',\(sessions)",
            "\(sender),interface='\(Login1.sessionInterface)',member='Lock',\(sessions)",
            "\(sender),interface='\(Login1.sessionInterface)',member='Unlock',\(sessions)",
        ]
    }()

    /// Subscribes to logind's signals (sessions and seats coming and going, session properties
    /// changing, lock and unlock requests), for `next(timeout:)`. The rules are installed with the
    /// bus's `AddMatch`, so no callback is involved; calling it again does nothing. Once watching,
    /// call `next(timeout:)` regularly: signals wait in sd-bus's queue until it reads them (the
    /// queue is bounded, and a full queue makes calls fail).
    ///
    /// ```swift
    /// try bus.watch()
    /// let before = try bus.sessions()       // read after watching: nothing falls between the two
    /// ```
    public func watch(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        guard !watching else { return }
        for rule in Self.matchRules {
            _ = try call(Login1.bus("AddMatch"), [.string(rule)], timeout: timeout)
        }
        watching = true
    }

    /// Waits at most `timeout` seconds for logind's signals and returns what they announced, in
    /// order: as soon as at least one arrived and none is pending, or `[]` when the time is up
    /// (or a Unix signal interrupted the wait). Signals received during earlier calls come first.
    /// A lost connection throws `.disconnected`.
    ///
    /// ```swift
    /// try bus.watch()
    /// for change in try bus.next(timeout: 1) {
    ///     if case .sessionRemoved(let id) = change { print("ended:", id) }
    /// }
    /// ```
    public func next(timeout: TimeInterval) throws(LogindError) -> [LogindChange] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .microseconds(Int64(clamping: Self.microseconds(timeout))))
        var changes: [LogindChange] = []
        while true {
            var received: OpaquePointer?
            let result = sd_bus_process(bus, &received)
            let message = received.map { BusMessage(adopting: $0) }
            guard result >= 0 else { throw lost(result) }
            if let message {
                if message.isSignal("org.freedesktop.DBus.Local", "Disconnected") { throw lost(nil) }
                if let change = Self.change(in: message) { changes.append(change) }
                continue
            }
            if result > 0 { continue }
            guard changes.isEmpty else { return changes }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { return changes }
            let waited = sd_bus_wait(bus, Self.microseconds(remaining))
            if waited == -EINTR { return changes }
            guard waited >= 0 else { throw lost(waited) }
        }
    }

    private func lost(_ errno: Int32?) -> LogindError {
        .disconnected(address, while: "waiting for logind's signals", cause: errno.map { LogindError.text(errno: $0) })
    }

    /// The change a signal announces; nil for any other message (a late reply, a signal this
    /// module does not decode or cannot read).
    static func change(in message: BusMessage) -> LogindChange? {
        guard message.isSignal, let interface = message.interface, let member = message.member, let path = message.path
        else { return nil }
        guard let arguments = try? message.readAll() else { return nil }
        switch (interface, member) {
        case (Login1.managerInterface, _) where path == Login1.managerPath:
            guard let id = arguments.first?.string else { return nil }
            switch member {
            case "SessionNew": return .sessionNew(id: id)
            case "SessionRemoved": return .sessionRemoved(id: id)
            case "SeatNew": return .seatNew(id: id)
            case "SeatRemoved": return .seatRemoved(id: id)
            default: return nil
            }
        case (Login1.propertiesInterface, "PropertiesChanged"):
            guard let id = BusLabel.name(in: path, under: Login1.sessionPathNamespace),
                arguments.first?.string == Login1.sessionInterface
            else { return nil }
            let changed = (arguments.count > 1 ? arguments[1].elements ?? [] : []).compactMap { $0[0]?.string }
            let invalidated = (arguments.count > 2 ? arguments[2].elements ?? [] : []).compactMap(\.string)
            return .sessionChanged(id: id, properties: changed + invalidated)
        case (Login1.sessionInterface, "Lock"):
            return BusLabel.name(in: path, under: Login1.sessionPathNamespace).map { .sessionLock(id: $0) }
        case (Login1.sessionInterface, "Unlock"):
            return BusLabel.name(in: path, under: Login1.sessionPathNamespace).map { .sessionUnlock(id: $0) }
        default:
            return nil
        }
    }

    /// A remaining duration in whole microseconds for sd-bus.
    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        return UInt64(clamping: seconds).multipliedReportingOverflow(by: 1_000_000).partialValue
            + UInt64(clamping: attoseconds / 1_000_000_000_000)
    }
}
