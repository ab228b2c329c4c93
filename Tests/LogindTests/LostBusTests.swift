import Foundation
import Logind
import LogindTestSupport
import Testing

extension LiveTests {
    /// A bus without logind, and a bus that goes away while watching, on a private dbus-daemon of
    /// their own. They run with the live tests: no dbus-daemon is started before the test
    /// environment is up.
    @Suite struct LostBus {
        @Test func aBusWithoutLogindSaysSo() throws {
            let bus = try PrivateBus()
            let error = try #require(throws: LogindError.self) { try LogindBus(address: bus.address) }
            #expect(error.code == .notOnBus)
            #expect(
                error.message
                    == "logind is not on the system bus at \(bus.address): nothing owns org.freedesktop.login1; is elogind or systemd-logind running?"
            )
        }

        @Test func aLostBusIsThrownByNext() throws {
            let privateBus = try PrivateBus()
            let owner = try privateBus.own("org.freedesktop.login1")
            let bus = try LogindBus(address: privateBus.address)
            try bus.watch()
            #expect(try bus.next(timeout: 0.05).isEmpty)
            privateBus.stop()
            let error = try #require(throws: LogindError.self) { try bus.next(timeout: 5) }
            #expect(error.code == .disconnected)
            #expect(error.message.hasPrefix("lost the connection to the system bus at \(privateBus.address) while waiting"), "\(error)")
            let again = try #require(throws: LogindError.self) { try bus.sessions() }
            #expect(again.code == .disconnected, "\(again)")
            _ = owner
        }
    }
}
