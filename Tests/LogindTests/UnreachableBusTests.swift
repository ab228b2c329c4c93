import Foundation
import Logind
import LogindTestSupport
import Testing

/// A bus that is not there is reported as such, naming the address and what to check.
@Suite struct UnreachableBusTests {
    @Test func aMissingSocketSaysWhereAndWhatToCheck() throws {
        let address = "unix:path=/nonexistent/stationkeeper-\(UUID().uuidString)/bus"
        let error = try #require(throws: LogindError.self) { try LogindBus(address: address) }
        #expect(error.code == .unreachable)
        #expect(
            error.message == "cannot reach the system bus at \(address): No such file or directory; is dbus running?")
    }

    @Test func aMalformedAddressIsUnreachableToo() throws {
        let error = try #require(throws: LogindError.self) { try LogindBus(address: "not-an-address") }
        #expect(error.code == .unreachable)
        #expect(error.message.hasPrefix("cannot reach the system bus at not-an-address: "), "\(error)")
    }

    @Test func theSystemBusAddressComesFromTheEnvironmentOrTheStandardPlace() {
        let set = ProcessInfo.processInfo.environment["DBUS_SYSTEM_BUS_ADDRESS"] ?? ""
        #expect(LogindBus.systemBusAddress == (set.isEmpty ? "unix:path=/run/dbus/system_bus_socket" : set))
    }
}
