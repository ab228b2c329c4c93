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

    public func requestStop() {
        lock.lock()
        stop = true
        lock.unlock()
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

    func sleep(seconds: Double) {
        _ = wake.wait(timeout: .now() + seconds)
    }
}
