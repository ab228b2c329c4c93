import Foundation

/// SIGTERM/SIGINT (finish the current event, then stop) and SIGHUP (reload), as flags the loop reads.
public final class DaemonSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var stop = false
    private var reload = false
    private var sources: [any DispatchSourceSignal] = []
    private let wake = DispatchSemaphore(value: 0)

    public init() {}

    /// Starts listening for SIGTERM, SIGINT and SIGHUP.
    public func install() {
        for (signal, isReload) in [(SIGTERM, false), (SIGINT, false), (SIGHUP, true)] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { [weak self] in
                if isReload { self?.requestReload() } else { self?.requestStop() }
            }
            source.resume()
            sources.append(source)
        }
    }

    public var stopRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stop
    }

    /// Called (on a signal queue) when a stop is requested: the daemon stops the policy call running.
    public var onStop: (@Sendable () -> Void)? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return stopHandler
        }
        set {
            lock.lock()
            stopHandler = newValue
            lock.unlock()
        }
    }
    private var stopHandler: (@Sendable () -> Void)?

    public func requestStop() {
        lock.lock()
        stop = true
        let handler = stopHandler
        lock.unlock()
        handler?()
        wake.signal()
    }

    public func requestReload() {
        lock.lock()
        reload = true
        lock.unlock()
        wake.signal()
    }

    func takeReloadRequest() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let requested = reload
        reload = false
        return requested
    }

    /// Ends the current sleep early (a commit happened: there may be events to dispatch).
    public func nudge() {
        wake.signal()
    }

    /// Sleeps up to `seconds`; true when woken early (a signal or a nudge).
    @discardableResult
    func sleep(seconds: Double) -> Bool {
        wake.wait(timeout: .now() + seconds) == .success
    }
}
