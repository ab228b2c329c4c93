import Foundation
import Logind

/// The daemon and the machine's logind (`seats = "logind"`).
extension Daemon {
    /// Carries out the outbox on the machine, when a computer follows logind and it is reachable.
    func carryOutOnMachine() throws -> Int {
        guard let logind, logind.connected else { return 0 }
        do {
            return try logind.carryOut()
        } catch let error as LogindError {
            logind.lost(error)
            return 0
        }
    }

    /// Sleeps up to `seconds` like ``DaemonSignals/sleep(seconds:)``; with logind, follows its
    /// signals meanwhile (in slices of 20 ms, so that a stop or a nudge is seen at once) and
    /// returns true after a change, so that its transitions reach the hooks.
    func waitForWork(seconds: Double, signals: DaemonSignals) throws -> Bool {
        guard let logind else { return signals.sleep(seconds: seconds) }
        let end = Date() + seconds
        while !signals.stopRequested {
            try logind.reconnectIfDue()
            let slice = min(0.02, max(0, end.timeIntervalSinceNow))
            if logind.connected {
                do {
                    let changes = try logind.changes(within: slice)
                    if !changes.isEmpty {
                        try logind.follow(changes)
                        return true
                    }
                } catch let error as LogindError {
                    logind.lost(error)
                }
            } else if signals.sleep(seconds: slice) {
                return true
            }
            if signals.sleep(seconds: 0) { return true }
            if end.timeIntervalSinceNow <= 0 { return false }
        }
        return true
    }
}
