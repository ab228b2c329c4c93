import CSdBus
import Foundation
import LogindTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A throw-away dbus-daemon on a socket in a temporary folder, for what the shared test bus must
/// not see: a bus without logind, and a bus that goes away. It has nothing to do with logind and
/// never touches the system bus.
final class PrivateBus {
    let folder: URL
    let address: String
    private let daemon: Child

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("logind-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let socket = folder.appendingPathComponent("bus").path
        address = "unix:path=\(socket)"
        let config = folder.appendingPathComponent("bus.conf")
        try Data(
            """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>stationkeeper-test</type>
              <listen>\(address)</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
              </policy>
            </busconfig>
            """.utf8
        ).write(to: config)
        daemon = try Child("/usr/bin/dbus-daemon", ["--config-file=\(config.path)", "--nofork", "--nopidfile", "--nosyslog"])
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: socket) {
            guard Date() < deadline, daemon.isRunning else {
                throw TestFailure("dbus-daemon did not listen on \(socket) within 5 s\(daemon.errorsSoFar())")
            }
            usleep(10_000)
        }
    }

    deinit {
        daemon.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Stops the daemon: every connection to it is lost.
    func stop() {
        daemon.stop()
    }

    /// A second connection that owns `name` on this bus until it goes.
    func own(_ name: String) throws -> Owner {
        var bus: OpaquePointer?
        let connected = csdbus_connect(address, "owner", &bus)
        guard connected >= 0, let bus else { throw TestFailure("cannot connect to \(address): \(connected)") }
        let owner = Owner(bus: bus)
        let requested = sd_bus_request_name(bus, name, 0)
        guard requested >= 0 else { throw TestFailure("cannot own \(name) on \(address): \(requested)") }
        return owner
    }

    final class Owner {
        let bus: OpaquePointer
        init(bus: OpaquePointer) { self.bus = bus }
        deinit { sd_bus_flush_close_unref(bus) }
    }
}
