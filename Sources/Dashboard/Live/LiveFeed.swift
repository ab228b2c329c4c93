import Foundation
import Logging
import NIOConcurrencyHelpers
import SessionEngine
import SessionStore
import StationDaemon

/// New journal events, as soon as any process commits them, for every open event stream.
///
/// One thread waits for commits (inotify on the store's `-wal`, through ``CommitWatcher``; every
/// ``pollInterval`` without one), reads the events after the last it saw, and hands them to every
/// subscriber at once. Subscribers never read the store themselves, so 200 open pages cost one
/// read per commit.
///
/// ```swift
/// let (id, events) = feed.subscribe()
/// defer { feed.unsubscribe(id) }
/// for await batch in events { … }   // [Event], oldest first
/// ```
final class LiveFeed: Sendable {
    /// How long the thread waits when no commit is reported (no inotify, or a missed one).
    static let pollInterval: TimeInterval = 1
    /// At most this many events per read.
    static let batch = 500
    /// An empty batch goes to every subscriber this often, so an idle stream writes a keep-alive
    /// comment (proxies close silent connections) and notices a browser that went away.
    static let heartbeat: TimeInterval = 15

    private struct State {
        var last: Int64 = 0
        var subscribers: [Int: AsyncStream<[Event]>.Continuation] = [:]
        var nextID = 0
        var stopped = false
    }

    private let store: SessionStore
    private let state = NIOLockedValueBox(State())
    private let wake = DispatchSemaphore(value: 0)
    private let watcher = NIOLockedValueBox<CommitWatcher?>(nil)
    /// On a district's PostgreSQL store: LISTEN instead of watching a file.
    private let listener: JournalListener?

    init(store: SessionStore) {
        self.store = store
        state.withLockedValue { $0.last = (try? store.lastSeq()) ?? 0 }
        let wake = self.wake
        if let path = store.path {
            watcher.withLockedValue { $0 = CommitWatcher(store: path, wake: { wake.signal() }) }
        }
        listener = store.isShared ? JournalListener(store: store, logger: Logger(label: "stationkeeper"), wake: { wake.signal() }) : nil
        listener?.start()
        let thread = Thread { [self] in run() }
        thread.name = "stationkeeper dashboard feed"
        thread.start()
    }

    /// The last `seq` the feed has handed out: a new subscriber catches up from its own position
    /// to this one from the journal, then gets everything after from the feed.
    var lastSeq: Int64 { state.withLockedValue { $0.last } }

    func subscribe() -> (id: Int, events: AsyncStream<[Event]>) {
        let (stream, continuation) = AsyncStream<[Event]>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id = state.withLockedValue { state in
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        state.withLockedValue { $0.subscribers.removeValue(forKey: id) }?.finish()
    }

    /// Reads now rather than at the next commit or poll (tests, and after the dashboard's own action).
    func nudge() {
        wake.signal()
    }

    func stop() {
        let subscribers = state.withLockedValue { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
        watcher.withLockedValue { $0?.stop() }
        listener?.stop()
        wake.signal()
    }

    private func run() {
        var lastBeat = Date()
        while !state.withLockedValue({ $0.stopped }) {
            let woken = wake.wait(timeout: .now() + Self.pollInterval) == .success
            // Several wakes may have queued up during a read: one read covers them all.
            while wake.wait(timeout: .now()) == .success {}
            if woken {
                CommitWatcher.settle { readNew() > 0 }
            } else {
                readNew()
            }
            if Date().timeIntervalSince(lastBeat) >= Self.heartbeat {
                lastBeat = Date()
                for subscriber in state.withLockedValue({ Array($0.subscribers.values) }) { subscriber.yield([]) }
            }
        }
    }

    /// Hands the events after ``lastSeq`` to every subscriber; returns how many there were.
    @discardableResult
    private func readNew() -> Int {
        var after = lastSeq
        var total = 0
        while true {
            guard let events = try? store.events(after: after, limit: Self.batch), !events.isEmpty else { return total }
            total += events.count
            after = events.last?.seq ?? after
            let subscribers = state.withLockedValue { state in
                state.last = after
                return Array(state.subscribers.values)
            }
            for subscriber in subscribers { subscriber.yield(events) }
            if events.count < Self.batch { return total }
        }
    }
}
