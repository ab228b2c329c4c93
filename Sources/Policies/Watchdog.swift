import Foundation
import Lua

/// The last line of defence behind the instruction budget: a timer thread that watches the one
/// policy call running and stops it when it runs longer than ``PolicyLimits/watchdogSeconds``
/// (or as soon as a stop is requested: SIGTERM). A call stuck outside Lua, where it cannot be
/// stopped, is handed to `stuck` after ``PolicyLimits/watchdogGraceSeconds`` more: the daemon
/// records it and exits, and its restart skips that call.
///
/// ```swift
/// let watchdog = Watchdog(limits: .standard) { call in record(call); exit(70) }
/// policies.watchdog = watchdog
/// ```
public final class Watchdog: @unchecked Sendable {
    /// A call the watchdog could not stop.
    public struct StuckCall: Sendable {
        public var policy: String
        public var site: PolicyCallSite
        /// How long it had run.
        public var seconds: Double

        public init(policy: String, site: PolicyCallSite, seconds: Double) {
            self.policy = policy
            self.site = site
            self.seconds = seconds
        }
    }

    private struct Running {
        var id: Int
        var policy: String
        var site: PolicyCallSite
        var interrupter: LuaInterrupter
        /// When the watchdog's timer first saw the call (it runs every 0.1 s): reading the clock
        /// at every call would cost the dispatch of every event.
        var seen: DispatchTime?
    }

    private let lock = NSLock()
    /// The calls running now, outermost first (a hook calling a plugin's action nests a call).
    private var running: [Running] = []
    private var interruptedAt: DispatchTime?
    /// Calls into the store in progress (see ``uncounted(_:)``).
    private var inHost = 0
    private var nextID = 0
    private var stopRequested = false
    private let limit: Double
    private let grace: Double
    private let stuck: @Sendable (StuckCall) -> Void
    private let timer: any DispatchSourceTimer

    /// Starts watching; `stuck` runs on the watchdog's own thread.
    public init(limits: PolicyLimits, stuck: @escaping @Sendable (StuckCall) -> Void) {
        limit = limits.watchdogSeconds
        grace = limits.watchdogGraceSeconds
        self.stuck = stuck
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "stationkeeper.watchdog"))
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.check() }
        timer.resume()
        running.reserveCapacity(8)
    }

    deinit { timer.cancel() }

    /// Notes the start of a call; the returned id ends it.
    func begin(policy: String, site: PolicyCallSite, interrupter: LuaInterrupter) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextID += 1
        if running.isEmpty { interruptedAt = nil }
        running.append(Running(id: nextID, policy: policy, site: site, interrupter: interrupter, seen: nil))
        if stopRequested || interruptedAt != nil {
            interruptAll()
        } else {
            interrupter.clear()  // a stop meant for an earlier call of this state
        }
        return nextID
    }

    /// Notes the end of the call `id`.
    func end(_ id: Int) {
        lock.lock()
        defer { lock.unlock() }
        // Calls end innermost first; after a stuck report the list was emptied.
        if running.last?.id == id {
            running.removeLast()
        } else {
            running.removeAll { $0.id == id }
        }
    }

    /// Runs `body` (the store carrying out a policy's action: a commit, an fsync) without
    /// counting its time: a large tick on a slow disk is not a runaway policy. The Lua time before
    /// and after still counts, and the instruction budget and action limit bound how many such
    /// calls a policy can make.
    func uncounted<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        inHost += 1
        lock.unlock()
        defer {
            lock.lock()
            inHost -= 1
            if inHost == 0, !running.isEmpty { running[0].seen = nil }
            lock.unlock()
        }
        return try body()
    }

    /// Stops the running calls now, and every call that starts from now on (SIGTERM).
    public func requestStop() {
        lock.lock()
        defer { lock.unlock() }
        stopRequested = true
        if !running.isEmpty { interruptAll() }
    }

    /// Interrupts every running call (lock held): an outer call waits for the inner one.
    private func interruptAll() {
        for call in running { call.interrupter.interrupt() }
        if interruptedAt == nil { interruptedAt = .now() }
    }

    private func check() {
        lock.lock()
        guard var outermost = running.first else {
            lock.unlock()
            return
        }
        let now = DispatchTime.now()
        if inHost > 0, interruptedAt == nil, !stopRequested {
            lock.unlock()
            return
        }
        if outermost.seen == nil {
            outermost.seen = now
            running[0] = outermost
        }
        let started = outermost.seen ?? now
        if interruptedAt == nil, now > started + limit { interruptAll() }
        guard let interruptedAt, now > interruptedAt + grace else {
            lock.unlock()
            return
        }
        running = []
        lock.unlock()
        let seconds = Double(now.uptimeNanoseconds &- started.uptimeNanoseconds) / 1e9
        stuck(StuckCall(policy: outermost.policy, site: outermost.site, seconds: seconds))
    }
}
