import Foundation
import StoreTestSupport

/// Runs the built `stationctl` against a temporary config and store, as an admin would.
final class Lab: @unchecked Sendable {
    let folder: URL
    var config: URL { folder.appendingPathComponent("stationkeeper.lua") }
    var store: URL { folder.appendingPathComponent("state.db") }
    /// What `--store` says: the file ``store``, or on the PostgreSQL pass a fresh schema's URL.
    let storeLocation: String
    /// `STATIONKEEPER_NOW` for the next commands, when set.
    var now: String?

    static let standardConfig = """
        computer "LAB-1" { stations = 4 }
        computer "LAB-2" { stations = { "front", "back" } }
        """

    /// - Parameter store: where the store is; by default ``store``, or a fresh schema on the PostgreSQL pass.
    init(config text: String = Lab.standardConfig, store location: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("stationctl-\(UUID().uuidString)")
        storeLocation = try location ?? TestStores.location(sqlite: folder.appendingPathComponent("state.db").path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try writeConfig(text)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func writeConfig(_ text: String) throws {
        try Data(text.utf8).write(to: config)
    }

    struct Result {
        var status: Int32
        var out: String
        var err: String

        /// The JSON on stdout.
        func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed])
        }

        func jsonArray() throws -> [[String: Any]] {
            guard let array = try json() as? [[String: Any]] else { throw HarnessError("not a JSON array of objects: \(out)") }
            return array
        }
    }

    /// Runs `stationctl ARGS --config … --store …` (the options are added unless `plain`).
    @discardableResult
    func run(_ arguments: String..., plain: Bool = false, environment extra: [String: String] = [:], input: String? = nil) throws -> Result
    {
        var args = arguments
        if !plain { args += ["--config", config.path, "--store", storeLocation] }
        return try Self.execute(args, in: folder, environment: environmentWith(extra), input: input)
    }

    /// The same, with the arguments as a list.
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], input: String? = nil) throws -> Result {
        try Self.execute(
            arguments + ["--config", config.path, "--store", storeLocation], in: folder, environment: environmentWith(extra), input: input)
    }

    /// Runs and expects success.
    @discardableResult
    func ok(_ arguments: String...) throws -> Result {
        let result = try Self.execute(
            arguments + ["--config", config.path, "--store", storeLocation],
            in: folder, environment: environmentWith([:]))
        guard result.status == 0 else {
            throw HarnessError("stationctl \(arguments.joined(separator: " ")) exited \(result.status): \(result.err)")
        }
        return result
    }

    private func environmentWith(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["STATIONKEEPER_CONFIG"] = nil
        environment["STATIONKEEPER_STORE"] = nil
        environment["STATIONKEEPER_NOW"] = now
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `stationctl` (or `executable`, such as strace in front of it) with exactly `environment`.
    static func execute(
        _ arguments: [String], in folder: URL, environment: [String: String],
        executable: URL? = nil, input: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData, as: UTF8.self))
    }

    /// The `stationctl` built beside this test bundle.
    static let binary: URL = {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            .flatMap { [$0, $0.deletingLastPathComponent()] }
        for folder in candidates {
            let url = folder.appendingPathComponent("stationctl")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("stationctl")
    }()
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Lab {
    /// Starts `stationctl serve` on this lab, its stderr going to `daemon.log` in the lab's folder
    /// (returned). The caller kills it (see ``Lab/stop(_:)``).
    func startDaemon(_ extra: [String] = [], log name: String = "daemon.log") throws -> (process: Process, log: URL) {
        let log = folder.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let daemon = Process()
        daemon.executableURL = Lab.binary
        daemon.arguments = ["serve", "--config", config.path, "--store", storeLocation] + extra
        daemon.standardError = try FileHandle(forWritingTo: log)
        try daemon.run()
        return (daemon, log)
    }

    /// Kills a daemon still running (a test's `defer`).
    static func stop(_ daemon: Process) {
        if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
    }
}

/// Polls for up to `seconds` (10 by default): the daemon (or logind) runs in another process.
func waitFor(seconds: Int = 10, _ condition: () throws -> Bool) throws {
    for _ in 0..<(seconds * 10) {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    throw HarnessError("timed out waiting for the daemon")
}

extension Lab {
    /// What `stationctl` journals as the actor for whoever runs these tests: `admin:` and the name of
    /// the real uid's passwd entry, or, for root, a non-empty `SUDO_USER` (`uid:N` without an entry).
    static func admin(sudoUser: String? = ProcessInfo.processInfo.environment["SUDO_USER"]) -> String {
        if getuid() == 0, let sudoUser, !sudoUser.isEmpty { return "admin:\(sudoUser)" }
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "admin:uid:\(getuid())" }
        return "admin:" + String(cString: name)
    }
}
