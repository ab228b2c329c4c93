import Foundation
import Logind
import LogindTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension LiveTests {
    /// Reads against the real elogind of `scripts/logind-up`, with sessions opened through PAM.
    @Suite struct Reads {
        @Test func seat0IsListed() throws {
            let bus = try LogindBus(address: TestEnvironment.require().busAddress)
            let seats = try bus.seats()
            #expect(seats.contains { $0.id == "seat0" }, "\(seats)")
        }

        @Test func aConsoleAndARemoteSessionAreListedWithTheirSeatAndRemoteness() throws {
            let environment = try TestEnvironment.require()
            let bus = try LogindBus(address: environment.busAddress)
            let console = try PamSession(user: environment.user(0), consoleSession(vt: 7), in: environment)
            defer { console.end(through: bus) }
            let remote = try PamSession(user: environment.user(1), remoteSession(from: "192.0.2.10"), in: environment)
            defer { remote.end(through: bus) }

            let sessions = try bus.sessions()
            let seated = try #require(sessions.first { $0.id == console.id }, "\(sessions.map(\.id))")
            #expect(seated.user == console.user)
            #expect(seated.uid == getpwnam(console.user)?.pointee.pw_uid)
            #expect(seated.seat == "seat0" && seated.vtnr == 7 && seated.tty == "tty7")
            #expect(!seated.remote && seated.remoteHost == nil)
            #expect(seated.sessionClass == "user" && seated.type == "tty")
            #expect(seated.service == environment.pamService)
            #expect([.online, .active].contains(seated.state))
            #expect(seated.leader == console.helper.pid, "the PAM caller leads its session")
            #expect(seated.timestamp.map { abs($0.timeIntervalSinceNow) < 60 } == true, "\(String(describing: seated.timestamp))")

            let away = try #require(sessions.first { $0.id == remote.id })
            #expect(away.user == remote.user && away.seat == nil && away.vtnr == nil)
            #expect(away.remote && away.remoteHost == "192.0.2.10")
            #expect(away.sessionClass == "user")

            #expect(try bus.session(id: console.id).seat == "seat0")
            let seat0 = try #require(try bus.seats().first { $0.id == "seat0" })
            #expect(seat0.sessions.contains(console.id) && !seat0.sessions.contains(remote.id))
        }

        @Test func anUnknownSessionIsAnErrorWithItsDBusName() throws {
            let bus = try LogindBus(address: TestEnvironment.require().busAddress)
            let calls: [(String, () throws -> Void)] = [
                ("session(id:)", { _ = try bus.session(id: "no-such-session") }),
                ("terminate", { try bus.terminate(session: "no-such-session") }),
                ("lock", { try bus.lock(session: "no-such-session") }),
                ("setLockedHint", { try bus.setLockedHint(session: "no-such-session", true) }),
            ]
            for (name, call) in calls {
                let error = try #require(throws: LogindError.self, "\(name)") { try call() }
                #expect(error.code == .noSuchSession, "\(name): \(error)")
                #expect(error.name == "org.freedesktop.login1.NoSuchSession", "\(name): \(error)")
                #expect(error.message.contains("no-such-session"), "\(name): \(error)")
            }
        }

        @Test func inhibitorsAndPowerOffCanBeAsked() throws {
            let bus = try LogindBus(address: TestEnvironment.require().busAddress)
            let inhibitors = try bus.listInhibitors()
            #expect(inhibitors.allSatisfy { !$0.what.isEmpty && ["block", "delay"].contains($0.mode) }, "\(inhibitors)")
            let answer = try bus.canPowerOff()
            #expect([.yes, .no, .challenge, .notApplicable].contains(answer), "\(answer)")
        }

        @Test func aDryShutdownIsScheduledAndCancelled() throws {
            let bus = try LogindBus(address: TestEnvironment.require().busAddress)
            let at = Date().addingTimeInterval(3600).timeIntervalSince1970.rounded()
            try bus.scheduleShutdown(kind: .dryPoweroff, at: Date(timeIntervalSince1970: at))
            defer { _ = try? bus.cancelScheduledShutdown() }
            let scheduled = try #require(try bus.scheduledShutdown())
            // logind keeps the dry run as a flag and reports the kind without "dry-".
            #expect(scheduled.kind == "poweroff" && scheduled.at.timeIntervalSince1970 == at, "\(scheduled)")
            #expect(try bus.cancelScheduledShutdown())
            #expect(try bus.scheduledShutdown() == nil)
        }
    }
}
