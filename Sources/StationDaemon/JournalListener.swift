import Foundation
import Logging
import PostgresClient
import SessionStore

/// Wakes a daemon on a district's PostgreSQL store when any process commits journal events:
/// `LISTEN stationkeeper_journal` on a connection of its own, on its own thread (what
/// ``CommitWatcher`` is for a SQLite file). When the connection breaks it connects again every
/// second and wakes the daemon once it is back, which then reads from its cursors: the catch-up
/// of whatever committed meanwhile. A dashboard's live feed listens the same way.
public final class JournalListener: @unchecked Sendable {
    private let store: SessionStore
    private let wake: @Sendable () -> Void
    private let logger: Logger
    private let lock = NSLock()
    private var stopping = false
    private var thread: Thread?

    public init(store: SessionStore, logger: Logger, wake: @escaping @Sendable () -> Void) {
        self.store = store
        self.logger = logger
        self.wake = wake
    }

    /// Starts listening on a thread of its own.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "journal-listener"
        self.thread = thread
        thread.start()
    }

    /// Stops within half a second (the thread's next look).
    public func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
    }

    private var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func run() {
        var connection: PostgresConnection?
        var failing = false
        while !stopped {
            do {
                if connection == nil {
                    let fresh = try store.dedicatedConnection()
                    try fresh?.listen(SessionStore.journalChannel)
                    connection = fresh
                    if failing { logger.info("listening for commits again; catching up") }
                    failing = false
                    wake()  // whatever committed while we were not listening
                }
                guard let connection else { return }
                if try !connection.notifications(timeout: .milliseconds(500)).isEmpty { wake() }
            } catch {
                if !failing { logger.error("cannot listen for commits on the store (\(error)); trying again every second") }
                failing = true
                connection?.close()
                connection = nil
                Thread.sleep(forTimeInterval: 1)
            }
        }
        connection?.close()
    }
}
