import Foundation
import Logind
import SessionEngine
import SessionStore

/// The outbox: journal events of the computer that follows logind, carried out on the machine.
extension LogindBridge {
    /// Carries out every event after the outbox's cursor that Stationkeeper decided (not those
    /// logind reported): lock and unlock → `LockSession`/`UnlockSession`; end and sign-out →
    /// `TerminateSession`; block → a lock; shutdown and restart → `PowerOff`/`Reboot` (unless
    /// `STATIONKEEPER_LOGIND_POWER=skip`). Each call is journaled as an `os_action` with its
    /// result; the cursor moves after it, so a crash repeats a call at most once, and each is
    /// harmless twice (a session already gone counts as ended).
    /// - Returns: how many calls were made.
    @discardableResult
    public func carryOut() throws -> Int {
        var cursor: Int64
        if let saved = try store.cursor(Self.cursorName) {
            cursor = saved
        } else {
            cursor = try store.lastSeq()
            try store.setCursor(Self.cursorName, to: cursor)
        }
        var calls = 0
        while true {
            let events = try store.events(after: cursor, limit: 256)
            guard !events.isEmpty else { return calls }
            for event in events {
                if let report = try carryOut(event) {
                    try store.record([report] + blockNotice(for: event))
                    calls += 1
                }
                cursor = event.seq ?? cursor
                try store.setCursor(Self.cursorName, to: cursor)
            }
        }
    }

    /// The call an event needs on the machine, made, and its `os_action` report; `nil` when none.
    private func carryOut(_ event: Event) throws -> Event? {
        guard event.computer == computer.name, event.reason != Self.reason,
            !(event.reason ?? "").hasPrefix(Self.reason + ":")
        else { return nil }
        switch event.name {
        case .locked: return try call("LockSession", on: event) { try connection().lock(session: $0) }
        case .unlocked: return try call("UnlockSession", on: event) { try connection().unlock(session: $0) }
        case .stationBlocked where event.session != nil:
            return try call("LockSession", on: event) { try connection().lock(session: $0) }
        case .ended:
            let report = try call("TerminateSession", on: event) { try connection().terminate(session: $0) }
            if let session = event.session, let logindID = try store.logindID(ofSession: session) {
                try store.unlink(logind: logindID)
            }
            return report
        case .computerShutdown: return power("PowerOff", event) { try connection().powerOff(interactive: false) }
        case .computerRestarted: return power("Reboot", event) { try connection().reboot(interactive: false) }
        default: return nil
        }
    }

    /// A station blocked with a session on it: besides the lock, its user is told the block message
    /// (a `message_sent` that notifiers such as notify-exec deliver).
    private func blockNotice(for event: Event) -> [Event] {
        guard event.name == .stationBlocked, event.session != nil, case .blockMessage(let text)? = event.detail else { return [] }
        return [
            Event(
                at: clock.now, name: .messageSent, session: event.session, user: event.user, computer: event.computer,
                station: event.station, actor: .system, reason: Self.reason, detail: .message(text))
        ]
    }

    /// Ends again on the machine the linked logind sessions whose Stationkeeper session has ended
    /// (their TerminateSession failed, or the daemon stopped before making it): the store and
    /// logind agree again after a reconciliation.
    func terminateEnded(_ logindIDs: [String]) throws {
        for logindID in logindIDs {
            guard let session = try store.linkedSession(ofLogind: logindID) else { continue }
            let ended = Event(at: clock.now, name: .ended, session: session, computer: computer.name, actor: .system)
            if let report = try call("TerminateSession", on: ended, { try connection().terminate(session: $0) }) {
                try store.record([report])
            }
            try store.unlink(logind: logindID)
        }
    }

    /// A call on the logind session linked to the event's session.
    private func call(_ method: String, on event: Event, _ body: (String) throws -> Void) throws -> Event? {
        guard let session = event.session, let logindID = try store.logindID(ofSession: session) else { return nil }
        let result: String
        do {
            try body(logindID)
            result = "done"
        } catch let error as LogindError where error.code == .noSuchSession {
            result = "done (the session was already gone)"
        } catch let error as LogindError where error.code == .disconnected || error.code == .unreachable {
            throw error  // not a result: the call is made again once connected
        } catch let error as LogindError {
            result = "failed: \(error.name ?? "error"): \(error.message)"
            logger.error("logind: \(method) \(logindID) for \(event.name.rawValue) (event \(event.seq ?? 0)) \(result)")
        }
        return report("\(method) \(logindID): \(result)", for: event)
    }

    private func power(_ method: String, _ event: Event, _ body: () throws -> Void) -> Event {
        if ProcessInfo.processInfo.environment["STATIONKEEPER_LOGIND_POWER"] == "skip" {
            return report("\(method): not called (STATIONKEEPER_LOGIND_POWER=skip)", for: event)
        }
        do {
            try body()
            return report("\(method): done", for: event)
        } catch {
            logger.error("logind: \(method) failed: \(error)")
            let name = (error as? LogindError)?.name ?? "error"
            return report("\(method): failed: \(name): \((error as? LogindError)?.message ?? "\(error)")", for: event)
        }
    }

    private func report(_ text: String, for event: Event) -> Event {
        Event(
            at: clock.now, name: .osAction, session: event.session, user: event.user, computer: event.computer,
            station: event.station, actor: .system, reason: Self.reason, detail: .machineCall(text))
    }
}
