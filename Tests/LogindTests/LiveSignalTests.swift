import Foundation
import Logind
import LogindTestSupport
import Testing

extension LiveTests {
    /// Actions and the signals they cause, against the real elogind of `scripts/logind-up`.
    @Suite struct Signals {
        @Test func aNewSessionIsAnnouncedWithinASecondAndATerminatedOneIsGone() throws {
            let environment = try TestEnvironment.require()
            let bus = try LogindBus(address: environment.busAddress)
            try bus.watch()
            try bus.watch()  // a second call adds nothing (each signal would come twice)
            let session = try PamSession(user: environment.user(2), remoteSession(from: "192.0.2.11"), in: environment)
            defer { session.end(through: bus) }

            let created = try changes(from: bus, within: 1) { $0 == .sessionNew(id: session.id) }
            #expect(created.found, "no SessionNew for \(session.id) within a second: \(created.all)")
            #expect(created.all.filter { $0 == .sessionNew(id: session.id) }.count == 1, "\(created.all)")
            #expect(try bus.sessions().contains { $0.id == session.id })

            try bus.terminate(session: session.id)
            let removed = try changes(from: bus, within: 5) { $0 == .sessionRemoved(id: session.id) }
            #expect(removed.found, "no SessionRemoved for \(session.id): \(removed.all)")
            #expect(try !bus.sessions().contains { $0.id == session.id })
            let gone = try #require(throws: LogindError.self) { try bus.session(id: session.id) }
            #expect(gone.code == .noSuchSession)
        }

        @Test func theLockedHintIsAnnouncedAndRead() throws {
            let environment = try TestEnvironment.require()
            let bus = try LogindBus(address: environment.busAddress)
            let session = try PamSession(user: environment.user(3), consoleSession(vt: 10), in: environment)
            defer { session.end(through: bus) }
            try bus.watch()
            #expect(try !bus.session(id: session.id).lockedHint)

            try bus.setLockedHint(session: session.id, true)
            let locked = try changes(from: bus, within: 2) { change in
                if case .sessionChanged(session.id, let properties) = change { return properties.contains("LockedHint") }
                return false
            }
            #expect(locked.found, "no PropertiesChanged with LockedHint for \(session.id): \(locked.all)")
            #expect(try bus.session(id: session.id).lockedHint)

            try bus.setLockedHint(session: session.id, false)
            #expect(try !bus.session(id: session.id).lockedHint)
        }

        @Test func lockAndUnlockSendTheSessionsSignals() throws {
            let environment = try TestEnvironment.require()
            let bus = try LogindBus(address: environment.busAddress)
            let session = try PamSession(user: environment.user(1), consoleSession(vt: 8), in: environment)
            defer { session.end(through: bus) }
            try bus.watch()

            try bus.lock(session: session.id)
            let lock = try changes(from: bus, within: 2) { $0 == .sessionLock(id: session.id) }
            #expect(lock.found, "no Lock signal for \(session.id): \(lock.all)")
            #expect(try !bus.session(id: session.id).lockedHint, "LockSession only asks the locker; the hint is the locker's")

            try bus.unlock(session: session.id)
            let unlock = try changes(from: bus, within: 2) { $0 == .sessionUnlock(id: session.id) }
            #expect(unlock.found, "no Unlock signal for \(session.id): \(unlock.all)")
        }

        @Test func theIdleHintOfATtySessionIsNotSupported() throws {
            let environment = try TestEnvironment.require()
            let bus = try LogindBus(address: environment.busAddress)
            let session = try PamSession(user: environment.user(3), consoleSession(vt: 9), in: environment)
            defer { session.end(through: bus) }
            let error = try #require(throws: LogindError.self) { try bus.setIdleHint(session: session.id, true) }
            #expect(error.code == .notSupported && error.name == "org.freedesktop.DBus.Error.NotSupported", "\(error)")
        }

        @Test func theIdleHintOfAGraphicalSessionIsSetWithItsTime() throws {
            let environment = try TestEnvironment.require()
            let bus = try LogindBus(address: environment.busAddress)
            let session = try PamSession(user: environment.user(3), remoteSession(from: "192.0.2.12"), in: environment)
            defer { session.end(through: bus) }
            #expect(try !bus.session(id: session.id).idleHint)
            try bus.setIdleHint(session: session.id, true)
            let idle = try bus.session(id: session.id)
            #expect(idle.idleHint)
            #expect(idle.idleSince.map { abs($0.timeIntervalSinceNow) < 60 } == true, "\(String(describing: idle.idleSince))")
            try bus.setIdleHint(session: session.id, false)
            #expect(try !bus.session(id: session.id).idleHint)
        }
    }
}
