import Foundation
import Testing

/// What a mature CLI promises: a version, help that touches nothing, and listings that only read.
@Suite struct ConventionsTests {
    @Test func versionFlagAndVersionCommand() throws {
        let lab = try Lab()
        let flag = try lab.run("--version", plain: true)
        #expect(flag.status == 0)
        let number = flag.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(number.wholeMatch(of: /\d+\.\d+\.\d+/) != nil, "not a version: \(flag.out)")
        #expect(try lab.run("version", plain: true).out == "stationctl \(number)\n")
        let json = try lab.run("version", "--json", plain: true).json() as? [String: String]
        #expect(json == ["name": "stationctl", "version": number])
    }

    /// A folder with a config that names no store, and `STATIONKEEPER_STORE` pointing at a file
    /// that must never appear.
    @Test(arguments: [
        ["--help"], ["help"], ["-h"], ["help", "sessions"], ["sessions", "--help"],
        ["--generate-completion-script", "bash"], ["no-such-command"],
    ])
    func helpAndCompletionNeverCreateAStore(arguments: [String]) throws {
        let lab = try Lab(config: "computer \"LAB-1\" { stations = 2 }\nplugin \"exam-mode\" {}\n")
        let store = lab.folder.appendingPathComponent("never/state.db")
        let result = try Lab.execute(
            arguments, in: lab.folder,
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": lab.folder.path, "STATIONKEEPER_STORE": store.path,
            ])
        #expect(arguments == ["no-such-command"] ? result.status == 64 : result.status == 0, "\(result.err)")
        #expect(
            !FileManager.default.fileExists(atPath: store.deletingLastPathComponent().path),
            "stationctl \(arguments.joined(separator: " ")) created the store's folder")
    }

    @Test func topLevelHelpStillListsPluginCommandsWithoutAStore() throws {
        let lab = try Lab(config: "computer \"LAB-1\" { stations = 2 }\nplugin \"exam-mode\" {}\n")
        let result = try Lab.execute(
            ["--help"], in: lab.folder,
            environment: [
                "PATH": "/usr/bin:/bin", "HOME": lab.folder.path,
                "STATIONKEEPER_STORE": lab.folder.appendingPathComponent("none.db").path,
            ])
        #expect(result.out.contains("PLUGIN COMMANDS:") && result.out.contains("exam-mode"))
        #expect(!FileManager.default.fileExists(atPath: lab.folder.appendingPathComponent("none.db").path))
    }

    /// A lab with a session, a message, a policy with a timer and a journal: every listing has something to show.
    private func populatedLab() throws -> Lab {
        let lab = try Lab(config: Lab.standardConfig + "\npolicy \"lock-idle-active\" {}\n")
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        try lab.ok("message", "alice@LAB-1", "Hello")
        try lab.ok("serve", "--once")
        return lab
    }

    static let listings: [[String]] = [
        ["computers"], ["stations"], ["sessions", "--json"], ["show", "alice@LAB-1"], ["journal"],
        ["messages", "alice@LAB-1"], ["policies"], ["policies", "--json"],
    ]

    @Test func listingsNeverSyncTheStoreToDisk() throws {
        let lab = try populatedLab()
        let before = try Data(contentsOf: lab.store)
        for listing in Self.listings {
            let trace = lab.folder.appendingPathComponent("trace.txt")
            let arguments =
                ["-f", "-e", "trace=fsync,fdatasync,msync,sync_file_range", "-o", trace.path, Lab.binary.path]
                + listing + ["--config", lab.config.path, "--store", lab.storeLocation]
            let result = try Lab.execute(
                arguments, in: lab.folder, environment: ProcessInfo.processInfo.environment,
                executable: URL(fileURLWithPath: "/usr/bin/strace"))
            #expect(result.status == 0, "stationctl \(listing.joined(separator: " ")): \(result.err)")
            let syncs = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
                .filter { $0.contains("sync") && !$0.contains("+++") }
            #expect(syncs.isEmpty, "stationctl \(listing.joined(separator: " ")) synced: \(syncs)")
        }
        #expect(try Data(contentsOf: lab.store) == before, "a listing changed the store file")
    }

    @Test func listingsWorkOnAStoreTheUserMayOnlyRead() throws {
        let lab = try populatedLab()
        let readOnly = try ReadOnlyRunner(lab: lab)
        for listing in Self.listings {
            let result = try readOnly.run(listing)
            #expect(result.status == 0, "stationctl \(listing.joined(separator: " ")) as a reader: \(result.err)")
        }
        #expect(try readOnly.run(["show", "alice@LAB-1", "--json"]).json() is [String: Any])
        let write = try readOnly.run(["sign-out", "alice@LAB-1"])
        #expect(write.status == 5, "\(write.err)")
        #expect(try lab.ok("sessions", "--json").jsonArray().count == 1, "the refused write changed nothing")
    }

    @Test func aListingAfterAConfigChangeShowsTheNewLayoutWithoutWriting() throws {
        let lab = try Lab()
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        let before = try Data(contentsOf: lab.store)
        try lab.writeConfig(Lab.standardConfig + "\ncomputer \"LAB-3\" { stations = 1 }\n")
        let cache = lab.folder.appendingPathComponent("cache")
        let listed = try lab.run("computers", "--json", environment: ["STATIONKEEPER_CACHE": cache.path])
        #expect(try listed.jsonArray().map { $0["name"] as? String } == ["LAB-1", "LAB-2", "LAB-3"])
        #expect(try Data(contentsOf: lab.store) == before)
        #expect(!FileManager.default.fileExists(atPath: cache.path), "a listing wrote the config cache")
        try lab.run("sign-in", "bob", "--station", "LAB-1/2", environment: ["STATIONKEEPER_CACHE": cache.path])
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).count == 1, "a write keeps the config in the cache")
        try lab.ok("sign-in", "carol", "--station", "LAB-3/1")
        #expect(try lab.ok("stations", "--computer", "LAB-3", "--json").jsonArray().first?["user"] as? String == "carol")
    }

    @Test func aListingOfAStoreThatDoesNotExistShowsTheConfigAndCreatesNothing() throws {
        let lab = try Lab()
        #expect(try lab.ok("stations", "--json").jsonArray().count == 6)
        #expect(try lab.ok("sessions", "--json").jsonArray().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: lab.store.path))
    }
}

/// Runs `stationctl` as a user who may read the lab's files but not write them: as `nobody` when
/// the tests run as root (root ignores permissions), else with the write bits removed.
struct ReadOnlyRunner {
    let lab: Lab

    init(lab: Lab) throws {
        self.lab = lab
        if geteuid() != 0 {
            for file in try FileManager.default.contentsOfDirectory(atPath: lab.folder.path) {
                try FileManager.default.setAttributes(
                    [.posixPermissions: 0o444],
                    ofItemAtPath: lab.folder.appendingPathComponent(file).path)
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: lab.folder.path)
        }
    }

    func run(_ arguments: [String]) throws -> Lab.Result {
        let full = arguments + ["--config", lab.config.path, "--store", lab.storeLocation]
        guard geteuid() == 0 else {
            return try Lab.execute(full, in: lab.folder, environment: ProcessInfo.processInfo.environment)
        }
        return try Lab.execute(
            ["--reuid=65534", "--regid=65534", "--clear-groups", Lab.binary.path] + full,
            in: lab.folder, environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"],
            executable: URL(fileURLWithPath: "/usr/bin/setpriv"))
    }
}
