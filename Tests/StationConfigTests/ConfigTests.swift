import Foundation
import SessionEngine
import Testing

@testable import StationConfig

@Suite struct ConfigTests {
    let path = "/etc/stationkeeper/stationkeeper.lua"

    @Test func countsAndNamedStations() throws {
        let config = try StationConfig.parse(
            """
            computer "LAB-1" { stations = 4 }
            computer "LAB-2" { stations = { "front", "back" } }
            """, path: path)
        #expect(config.layout.computers.map(\.name) == ["LAB-1", "LAB-2"])
        #expect(config.layout.computers.map(\.stations) == [["1", "2", "3", "4"], ["front", "back"]])
        #expect(config.storePath == nil)
    }

    @Test func aComputerCanFollowLogind() throws {
        let config = try StationConfig.parse(
            "computer \"HOST\" { seats = \"logind\", remote_stations = 2 }\ncomputer \"LAB-2\" { stations = 2 }", path: Self.file)
        #expect(config.logindComputer == StationConfig.LogindComputer(name: "HOST", remoteStations: 2))
        #expect(config.logindComputer?.remoteStationNames == ["remote-1", "remote-2"])
        #expect(config.layout.computers.map(\.followsLogind) == [true, false])
        #expect(config.layout.computers.first?.stations == [])
        #expect(config.rules.logindComputer == "HOST")
        let plain = try StationConfig.parse("computer \"HOST\" { stations = 2 }", path: Self.file)
        #expect(plain.layout.fingerprint != config.layout.fingerprint)
        #expect(plain.logindComputer == nil)
    }

    @Test func storeIsResolvedAgainstTheConfigFolder() throws {
        let relative = try StationConfig.parse("computer 'A' { stations = 1 }\nstore = 'data/state.db'", path: "/srv/lab/stationkeeper.lua")
        #expect(relative.storePath == "/srv/lab/data/state.db")
        let absolute = try StationConfig.parse("computer 'A' { stations = 1 }\nstore = '/x/y.db'", path: path)
        #expect(absolute.storePath == "/x/y.db")
        #expect(throws: ConfigError.self) { try StationConfig.parse("computer 'A' { stations = 1 }\nstore = 5", path: path) }
    }

    @Test(arguments: [
        (
            "computer \"A\" { stations = 0 }",
            "\(Self.file):1: computer \"A\": stations must be a count from 1 to 256 or a list of names, not number 0"
        ),
        ("\n\ncomputer \"A\" { }", "\(Self.file):3: computer \"A\" needs stations: a count from 1 to 256, or a list of names"),
        (
            "computer \"A\" { stations = 2, colour = 1 }",
            "\(Self.file):1: computer \"A\": unknown setting 'colour' (allowed: remote_stations, seats, stations)"
        ),
        ("computer \"A\" { stations = { \"x\", \"x\" } }", "\(Self.file):1: computer \"A\": station \"x\" is listed twice"),
        (
            "computer \"A\" { stations = { \"a/b\" } }",
            "\(Self.file):1: computer \"A\": 'a/b' is not a valid station name: use 1 to 64 characters without spaces, '/' or '@'"
        ),
        (
            "computer \"A\" { stations = 1 }\ncomputer \"A\" { stations = 1 }",
            "\(Self.file):2: computer \"A\" is already declared at \(Self.file):1"
        ),
        (
            "computer \"A B\" { stations = 1 }",
            "\(Self.file):1: 'A B' is not a valid computer name: use 1 to 64 characters without spaces, '/' or '@'"
        ),
        ("computer(42)", "\(Self.file):1: computer expects a name: computer \"LAB-1\" { stations = 4 }"),
        ("computer \"A\"", "\(Self.file):1: computer \"A\" has no settings: write computer \"A\" { stations = 4 }"),
        ("-- nothing", "\(Self.file): no computer declared: add a line such as computer \"LAB-1\" { stations = 4 }"),
        ("computr \"A\" { stations = 1 }", "\(Self.file):1: attempt to call a nil value (global 'computr')"),
        (
            "computer \"A\" { stations = 1 }\nlimit { policy_instructions_per_call = 5 }",
            "\(Self.file):2: limit: policy_instructions_per_call must be a whole number from 100000 to 1000000000"
        ),
        (
            "computer \"A\" { seats = \"udev\" }",
            "\(Self.file):1: computer \"A\": seats must be \"logind\" (its stations are then the machine's logind seats)"
        ),
        (
            "computer \"A\" { seats = \"logind\", stations = 2 }",
            "\(Self.file):1: computer \"A\": give either stations or seats = \"logind\", not both (with logind, the seats are the stations)"
        ),
        (
            "computer \"A\" { seats = \"logind\" }\ncomputer \"B\" { seats = \"logind\" }",
            "\(Self.file):2: computer \"B\": only one computer can follow logind (the machine the daemon runs on), and \"A\" already does"
        ),
        (
            "computer \"A\" { stations = 2, remote_stations = 2 }",
            "\(Self.file):1: computer \"A\": remote_stations goes with seats = \"logind\""
        ),
        (
            "computer \"A\" { seats = \"logind\", remote_stations = 1001 }",
            "\(Self.file):1: computer \"A\": remote_stations must be a count from 0 to 1000"
        ),
        (
            "computer \"A\" { stations = 1 }\nlimit {}",
            "\(Self.file):2: limit: say which, for example limit { policy_actions_per_minute = 5000 }"
        ),
        (
            "computer \"A\" { stations = 1 }\nlimit { policy_actions_per_minute = 0 }",
            "\(Self.file):2: limit: policy_actions_per_minute must be a whole number of at least 1"
        ),
    ])
    func errorsNameTheFileAndLine(source: String, message: String) {
        #expect(throws: ConfigError.self) { try StationConfig.parse(source, path: Self.file) }
        do {
            _ = try StationConfig.parse(source, path: Self.file)
        } catch {
            #expect(error.description == message)
        }
    }

    static let file = "/srv/lab/stationkeeper.lua"

    @Test func aRunawayConfigIsStopped() {
        #expect(throws: ConfigError.self) { try StationConfig.parse("while true do end", path: path) }
    }

    @Test func theConfigIsSandboxed() {
        #expect(throws: ConfigError.self) { try StationConfig.parse("os.execute('true')", path: path) }
        #expect(throws: ConfigError.self) { try StationConfig.parse("io.open('/etc/passwd')", path: path) }
    }

    @Test func theStarterConfigIsValid() throws {
        let config = try StationConfig.parse(StarterConfig.text, path: path)
        #expect(config.layout.computers.count == 2)
    }

    @Test func storeDefaults() {
        #expect(ConfigLocation.defaultStore(environment: [:], isRoot: true) == "/var/lib/stationkeeper/state.db")
        #expect(
            ConfigLocation.defaultStore(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"], isRoot: false) == "/s/stationkeeper/state.db")
        #expect(ConfigLocation.defaultStore(environment: ["HOME": "/h"], isRoot: false) == "/h/.local/state/stationkeeper/state.db")
        #expect(ConfigLocation.store(explicit: "/a.db", environment: ["STATIONKEEPER_STORE": "/b.db"], config: nil) == "/a.db")
        #expect(ConfigLocation.store(explicit: nil, environment: ["STATIONKEEPER_STORE": "/b.db"], config: nil) == "/b.db")
    }

    @Test func configSearchOrder() throws {
        #expect(throws: ConfigError.self) { try ConfigLocation.config(explicit: "/nonexistent.lua", environment: [:]) }
        #expect(try ConfigLocation.config(explicit: "/etc/hostname", environment: ["STATIONKEEPER_CONFIG": "/x"]) == "/etc/hostname")
        #expect(try ConfigLocation.config(explicit: nil, environment: ["STATIONKEEPER_CONFIG": "/etc/hostname"]) == "/etc/hostname")
    }
}

/// Issue 11: a config read before comes from the cache, by its content, and its layout only when asked.
@Suite struct ConfigCacheTests {
    @Test func aConfigReadTwiceComesFromTheCacheWithItsLayoutOnDemand() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("stationkeeper.lua").path
        let text =
            "computer \"LAB-1\" { stations = 3 }\nprotect { users = { \"teacher\" } }\npolicy \"end-idle-suspended\" { after = \"3h\" }\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let first = try StationConfig.load(path: path)
        #expect(first.layoutIsLoaded)
        let second = try StationConfig.load(path: path)
        #expect(!second.layoutIsLoaded, "read from the cache")
        #expect(second.layoutFingerprint == first.layoutFingerprint)
        #expect(second.protectedUsers == ["teacher"] && second.policies.map(\.name) == ["end-idle-suspended"])
        #expect(second.policies.first?.settings["after"] == .string("3h"))
        #expect(second.policies.first?.location == first.policies.first?.location)
        #expect(try second.loadedLayout() == first.layout)
        // Another content is read in full.
        try Data((text + "computer \"LAB-2\" { stations = 1 }\n").utf8).write(to: URL(fileURLWithPath: path))
        let changed = try StationConfig.load(path: path)
        #expect(changed.layoutIsLoaded && changed.layout.computers.count == 2)
    }
}
