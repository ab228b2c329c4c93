import Foundation

extension LogindBus {
    /// Every session logind knows: `ListSessions`, then each session's properties in one
    /// `Properties.GetAll` round trip. A session that ends between the two is left out.
    ///
    /// ```swift
    /// let remote = try bus.sessions().filter(\.remote)   // ssh, xrdp: Remote=yes, no seat
    /// ```
    public func sessions(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> [LogindSession] {
        let listed = try call(Login1.manager("ListSessions"), timeout: timeout).first?.elements ?? []
        var sessions: [LogindSession] = []
        for entry in listed {
            guard let path = entry[4]?.string else {
                throw LogindError(.malformedReply, "cannot read ListSessions' answer: expected a(susso)")
            }
            do throws(LogindError) {
                sessions.append(try LogindSession(properties: properties(of: path, Login1.sessionInterface, timeout: timeout)))
            } catch let error where Self.isGone(error) {
                continue
            }
        }
        return sessions
    }

    /// One session by its id; throws `.noSuchSession` when logind knows none by that id.
    ///
    /// ```swift
    /// let session = try bus.session(id: "c3")     // session.lockedHint, session.idleSince…
    /// ```
    public func session(id: String, timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> LogindSession {
        let path = try sessionPath(id, timeout: timeout)
        do throws(LogindError) {
            return try LogindSession(properties: properties(of: path, Login1.sessionInterface, timeout: timeout))
        } catch let error where Self.isGone(error) {
            throw LogindError(.noSuchSession, name: error.name, "logind has no session \"\(id)\" (it just ended)")
        }
    }

    /// Every seat: `ListSeats`, then each seat's properties in one round trip.
    ///
    /// ```swift
    /// let consoles = try bus.seats().filter(\.canTTY)   // [LogindSeat(id: "seat0", …)]
    /// ```
    public func seats(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> [LogindSeat] {
        let listed = try call(Login1.manager("ListSeats"), timeout: timeout).first?.elements ?? []
        var seats: [LogindSeat] = []
        for entry in listed {
            guard let path = entry[1]?.string else {
                throw LogindError(.malformedReply, "cannot read ListSeats' answer: expected a(so)")
            }
            do throws(LogindError) {
                seats.append(try LogindSeat(properties: properties(of: path, Login1.seatInterface, timeout: timeout)))
            } catch let error where Self.isGone(error) || error.code == .noSuchSeat {
                continue
            }
        }
        return seats
    }

    /// Who holds off shutdown, sleep or idle handling, and how.
    ///
    /// ```swift
    /// let blockers = try bus.listInhibitors().filter { $0.what.contains("shutdown") && $0.mode == "block" }
    /// ```
    public func listInhibitors(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> [LogindInhibitor] {
        var inhibitors: [LogindInhibitor] = []
        for entry in try call(Login1.manager("ListInhibitors"), timeout: timeout).first?.elements ?? [] {
            inhibitors.append(try LogindInhibitor(entry: entry))
        }
        return inhibitors
    }

    /// Whether this caller may power the computer off (`CanPowerOff`).
    ///
    /// ```swift
    /// if try bus.canPowerOff() == .yes { try bus.powerOff(interactive: false) }
    /// ```
    public func canPowerOff(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> LogindCapability {
        guard let answer = try call(Login1.manager("CanPowerOff"), timeout: timeout).first?.string else {
            throw LogindError(.malformedReply, "cannot read CanPowerOff's answer: expected a string")
        }
        return LogindCapability(answer)
    }

    /// The shutdown logind has scheduled, nil when none (the Manager's `ScheduledShutdown`).
    ///
    /// ```swift
    /// try bus.scheduleShutdown(kind: .dryPoweroff, at: tonight)
    /// try bus.scheduledShutdown()    // ScheduledShutdown(kind: "poweroff", at: tonight): logind drops "dry-"
    /// ```
    public func scheduledShutdown(timeout: TimeInterval = LogindBus.defaultTimeout) throws(LogindError) -> ScheduledShutdown? {
        let value = try property("ScheduledShutdown", of: Login1.managerPath, Login1.managerInterface, timeout: timeout)
        guard let kind = value[0]?.string, let microseconds = value[1]?.unsigned else {
            throw LogindError(.malformedReply, "cannot read logind's ScheduledShutdown: expected (st)")
        }
        guard !kind.isEmpty, microseconds > 0 else { return nil }
        return ScheduledShutdown(kind: kind, at: Date(timeIntervalSince1970: TimeInterval(microseconds) / 1_000_000))
    }

    /// The object path of session `id` (`GetSession`); throws `.noSuchSession`.
    func sessionPath(_ id: String, timeout: TimeInterval) throws(LogindError) -> String {
        guard let path = try call(Login1.manager("GetSession"), [.string(id)], timeout: timeout).first?.string else {
            throw LogindError(.malformedReply, "cannot read GetSession's answer: expected an object path")
        }
        return path
    }

    /// Whether a call on an object failed because the object went away meanwhile.
    static func isGone(_ error: LogindError) -> Bool {
        error.code == .noSuchSession || error.name == "org.freedesktop.DBus.Error.UnknownObject"
            || error.name == "org.freedesktop.DBus.Error.UnknownInterface"
    }
}
