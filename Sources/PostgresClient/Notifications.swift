import CPostgres

#if canImport(Glibc)
import Glibc
#endif

/// A NOTIFY received on a channel this connection listens on.
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String
    /// The server process of the session that sent it (equal to `processID` for one's own).
    public let processID: Int32

    public init(channel: String, payload: String, processID: Int32) {
        self.channel = channel
        self.payload = payload
        self.processID = processID
    }
}

extension PostgresConnection {
    /// Starts listening on `channel` (quoted, so its case and any character are kept). A
    /// notification is delivered only when the sending transaction commits.
    public func listen(_ channel: String) throws {
        try execute("LISTEN \(quoteIdentifier(channel))")
    }

    public func unlisten(_ channel: String) throws {
        try execute("UNLISTEN \(quoteIdentifier(channel))")
    }

    /// Sends a notification (`pg_notify`, so channel and payload are parameters). Inside a
    /// transaction it is delivered at COMMIT, and not at all on ROLLBACK.
    public func notify(_ channel: String, payload: String = "") throws {
        try execute("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }

    /// The notifications that have arrived, waiting for the first for at most `timeout` (an empty
    /// array when none came). It waits on the connection's socket with poll(2) and reads only
    /// what the server sends, so it costs nothing while idle and sends no query. Notifications
    /// that came with the results of earlier statements are returned at once. Throws
    /// `.connectionLost` when the server goes away meanwhile.
    public func notifications(timeout: Duration) throws -> [PostgresNotification] {
        let connection = try open()
        guard PQconsumeInput(connection) == 1 else { throw lostError(connection, "while waiting for notifications") }
        var received = Self.takeNotifications(connection)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while received.isEmpty {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { return [] }
            let socket = PQsocket(connection)
            guard socket >= 0 else { throw lostError(connection, "while waiting for notifications") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.milliseconds(remaining))
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .connectionLost, message: "cannot wait on the connection to \(target): errno \(errno)")
            }
            if ready == 0 { continue }  // the loop sees the deadline passed
            guard PQconsumeInput(connection) == 1 else { throw lostError(connection, "while waiting for notifications") }
            received = Self.takeNotifications(connection)
        }
        return received
    }

    private static func takeNotifications(_ connection: OpaquePointer) -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notification = PQnotifies(connection) {
            defer { PQfreemem(notification) }  // one allocation holds the strings too
            let value = notification.pointee
            received.append(
                PostgresNotification(
                    channel: value.relname.map { String(cString: $0) } ?? "", payload: value.extra.map { String(cString: $0) } ?? "",
                    processID: value.be_pid))
        }
        return received
    }

    /// `duration` in whole milliseconds, rounded up (so poll never returns just before the
    /// deadline and spins), at most Int32.max.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int32.max }
        let total = milliseconds.partialValue + (attoseconds + perMillisecond - 1) / perMillisecond
        return Int32(clamping: max(total, 0))
    }
}
