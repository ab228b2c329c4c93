import Foundation

extension LogindBus {
    /// Asks the session's screen locker to lock (`LockSession`): logind sends the session's
    /// `Lock` signal. It does not change `LockedHint`; the locker reports that with `SetLockedHint`.
    ///
    /// ```swift
    /// try bus.lock(session: "c3")     // throws .noSuchSession for an id logind does not know
    /// ```
    public func lock(session id: String, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        _ = try call(Login1.manager("LockSession"), [.string(id)], timeout: timeout)
    }

    /// Asks the session's screen locker to unlock (`UnlockSession`, the `Unlock` signal).
    ///
    /// ```swift
    /// try bus.unlock(session: "c3")   // next(timeout:) then gives .sessionUnlock(id: "c3")
    /// ```
    public func unlock(session id: String, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        _ = try call(Login1.manager("UnlockSession"), [.string(id)], timeout: timeout)
    }

    /// Ends the session (`TerminateSession`): logind kills every process in it, its PAM session
    /// helper included, so no `pam_close_session` runs.
    ///
    /// ```swift
    /// try bus.terminate(session: "c3")   // then .sessionRemoved(id: "c3") from next(timeout:)
    /// ```
    public func terminate(session id: String, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        _ = try call(Login1.manager("TerminateSession"), [.string(id)], timeout: timeout)
    }

    /// Brings the session to the foreground of its seat (`ActivateSession`; on seat0 it really
    /// switches the console's VT).
    ///
    /// ```swift
    /// try bus.activate(session: "c3")   // c3 becomes State=active, the seat's other session online
    /// ```
    public func activate(session id: String, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        _ = try call(Login1.manager("ActivateSession"), [.string(id)], timeout: timeout)
    }

    /// Sets the session's `LockedHint` (what a screen locker reports), as root or as the session's user.
    ///
    /// ```swift
    /// try bus.setLockedHint(session: "c3", true)   // .sessionChanged(id: "c3", properties: ["LockedHint"])
    /// ```
    public func setLockedHint(session id: String, _ locked: Bool, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        let path = try sessionPath(id, timeout: timeout)
        _ = try call(Login1.object(path, Login1.sessionInterface, "SetLockedHint"), [.bool(locked)], timeout: timeout)
    }

    /// Sets the session's `IdleHint`. logind refuses it on non-graphical (tty) sessions, whose
    /// idleness it reads from the terminal: `.notSupported`.
    ///
    /// ```swift
    /// try bus.setIdleHint(session: "c2", true)   // an x11 session: IdleHint yes, idleSince now
    /// ```
    public func setIdleHint(session id: String, _ idle: Bool, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        let path = try sessionPath(id, timeout: timeout)
        _ = try call(Login1.object(path, Login1.sessionInterface, "SetIdleHint"), [.bool(idle)], timeout: timeout)
    }

    /// Powers the computer off now (`PowerOff`). With `interactive`, polkit may ask the user for
    /// a password; without, a caller that would need one gets `.denied`.
    ///
    /// ```swift
    /// if try bus.canPowerOff() == .yes { try bus.powerOff(interactive: false) }
    /// ```
    public func powerOff(interactive: Bool, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        _ = try call(Login1.manager("PowerOff"), [.bool(interactive)], timeout: timeout, interactive: interactive)
    }

    /// Reboots the computer now (`Reboot`); `interactive` as for `powerOff`.
    ///
    /// ```swift
    /// try bus.reboot(interactive: false)
    /// ```
    public func reboot(interactive: Bool, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) {
        _ = try call(Login1.manager("Reboot"), [.bool(interactive)], timeout: timeout, interactive: interactive)
    }

    /// Schedules a shutdown (`ScheduleShutdown`): logind warns logged-in users, refuses new
    /// logins in its last minutes, then does it. A new schedule replaces the previous one.
    ///
    /// ```swift
    /// try bus.scheduleShutdown(kind: .poweroff, at: Date().addingTimeInterval(600))
    /// ```
    public func scheduleShutdown(kind: ShutdownKind, at time: Date, timeout: TimeInterval = LogindBus.defaultTimeout)
        throws(LogindError)
    {
        let microseconds = UInt64(max(0, (time.timeIntervalSince1970 * 1_000_000).rounded()))
        _ = try call(Login1.manager("ScheduleShutdown"), [.string(kind.rawValue), .uint64(microseconds)], timeout: timeout)
    }

    /// Cancels the scheduled shutdown; returns whether one was scheduled.
    ///
    /// ```swift
    /// let cancelled = try bus.cancelScheduledShutdown()   // false when none was scheduled
    /// ```
    @discardableResult
    public func cancelScheduledShutdown(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> Bool {
        try call(Login1.manager("CancelScheduledShutdown"), timeout: timeout).first?.bool ?? false
    }
}
