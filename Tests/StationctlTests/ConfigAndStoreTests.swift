import Foundation
import StoreTestSupport
import Testing

@Suite struct ConfigAndStoreTests {
    @Test func initWritesAStarterConfigThatWorks() throws {
        let lab = try Lab()
        try FileManager.default.removeItem(at: lab.config)
        let written = try lab.run("init", lab.folder.path, plain: true)
        #expect(written.status == 0)
        #expect(try lab.ok("stations", "--json").jsonArray().count == 6)
        let again = try lab.run("init", lab.folder.path, plain: true)
        #expect(again.status == 64 && again.err.contains("already exists"))
    }

    @Test func configErrorsNameFileAndLineAndExitFour() throws {
        let lab = try Lab(
            config: """
                computer "LAB-1" { stations = 4 }

                computer "LAB-2" { stations = "many" }
                """)
        let result = try lab.run("computers")
        #expect(result.status == 4)
        #expect(
            result.err
                == "stationctl: error: \(lab.config.path):3: computer \"LAB-2\": stations must be a count from 1 to 256 or a list of names, not string \"many\"\n"
        )
        try lab.writeConfig("computer \"LAB-1\" { stations = 4 \n")
        let syntax = try lab.run("computers")
        #expect(syntax.status == 4)
        #expect(syntax.err.contains("\(lab.config.path):2: '}' expected (to close '{' at line 1) near <eof>"))
        try lab.writeConfig("computer \"LAB-1\" { stations = 4, colour = 'red' }")
        #expect(
            try lab.run("computers").err.contains(
                ":1: computer \"LAB-1\": unknown setting 'colour' (allowed: remote_stations, seats, stations)"))
        #expect(!FileManager.default.fileExists(atPath: lab.store.path))
    }

    @Test func missingConfigSaysWhereItLooked() throws {
        let lab = try Lab()
        try FileManager.default.removeItem(at: lab.config)
        let result = try lab.run("computers", "--store", lab.store.path, plain: true)
        #expect(result.status == 4)
        #expect(result.err.contains("no config found (looked for ./stationkeeper.lua and /etc/stationkeeper/stationkeeper.lua)"))
    }

    @Test func configAndStoreFromTheEnvironmentAndTheConfig() throws {
        let lab = try Lab(config: "computer \"LAB-1\" { stations = 2 }\nstore = \"data/lab.db\"\n")
        let result = try lab.run(
            "sign-in", "alice", "--station", "LAB-1/1", plain: true,
            environment: ["STATIONKEEPER_CONFIG": lab.config.path])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: lab.folder.appendingPathComponent("data/lab.db").path))
        let fromCwd = try lab.run("sessions", "--json", plain: true)
        #expect(try fromCwd.jsonArray().count == 1)
    }

    @Test(TestStores.sqliteOnly) func unusableStoreExitsFive() throws {
        let lab = try Lab()
        try Data("not a database, just text that is long enough to be checked by sqlite".utf8).write(to: lab.store)
        let result = try lab.run("sessions")
        #expect(result.status == 5)
        #expect(result.err.contains("is not a Stationkeeper database"))
    }

    @Test func removingAStationWithALiveSessionIsRefusedUntilItEnds() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/4")
        try lab.writeConfig("computer \"LAB-1\" { stations = 3 }\ncomputer \"LAB-2\" { stations = { \"front\", \"back\" } }")
        let result = try lab.ok("stations", "--computer", "LAB-1", "--json")
        #expect(
            result.err.contains(
                "warning: the config no longer lists station LAB-1/4 (alice@LAB-1 is signed in there): it stays, refusing new sign-ins, until that session ends"
            ))
        #expect(try result.jsonArray().count == 4)
        try lab.ok("sign-out", "alice@LAB-1")
        #expect(try lab.ok("stations", "--computer", "LAB-1", "--json").jsonArray().count == 3)
    }

    @Test func stateSurvivesAcrossProcessesAndIdsAreNeverReused() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("sign-out", "1")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        #expect(try lab.ok("sessions", "--json").jsonArray().first?["id"] as? Int == 2)
    }

    @Test func eightConcurrentProcessesLoseNothing() throws {
        let lab = try Lab(config: "computer \"LAB\" { stations = 8 }")
        try lab.ok("computers")
        let binary = Lab.binary.path
        let script = """
            set -e
            for i in $(seq 50); do
              "\(binary)" sign-in "user$1" --station "LAB/$1" --config "$2" --store "$3" > /dev/null
              "\(binary)" sign-out "user$1@LAB" --config "$2" --store "$3" > /dev/null
            done
            """
        let processes = try (1...8).map { index in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, "sh", "\(index)", lab.config.path, lab.storeLocation]
            try process.run()
            return process
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == Array(repeating: 0, count: 8))
        let events = try lab.ok("journal", "--limit", "0", "--json").jsonArray()
        #expect(events.count == 800)
        #expect(events.compactMap { $0["seq"] as? Int } == Array(1...800))
        #expect(try lab.ok("sessions", "--json").jsonArray().isEmpty)
    }
}
