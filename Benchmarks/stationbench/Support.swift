import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: Time

/// Monotonic seconds.
func monotonic() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Seconds `body` took.
@discardableResult
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = monotonic()
    try body()
    return monotonic() - start
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// MARK: Failures

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A message from a C baseline's error buffer.
func cError(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

// MARK: Files

/// A fresh temporary folder, removed at exit unless `--keep` was given.
func makeTemporaryFolder(_ name: String) throws -> String {
    let path = Options.shared.workRoot + "/" + name
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// The repository root, from this file's place in it.
let repositoryRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()

/// The running executable's real path.
let executablePath: String = {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}()

// MARK: Child processes

struct ChildRun {
    var status: Int32
    var seconds: Double
    /// Peak resident set of the child, in KiB (ru_maxrss).
    var maxRSSKiB: Int
}

/// Runs a program with `posix_spawn`, stdout to `stdout` (a path; /dev/null by default), stderr to
/// `stderr`, and reports its wall time (spawn to reap) and peak RSS.
func runChild(
    _ argv: [String], environment: [String: String] = [:], stdout: String = "/dev/null",
    stderr: String = "/dev/null"
) throws -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in cArgs { free(p) }
        for p in cEnv { free(p) }
    }
    var pid: pid_t = 0
    let start = monotonic()
    let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
    guard rc == 0 else { throw BenchError("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = monotonic() - start
    let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ChildRun(status: exitCode, seconds: seconds, maxRSSKiB: Int(usage.ru_maxrss))
}

// MARK: Machine

struct Machine {
    var cores: Int
    var cpu: String
    var memoryMiB: Int
    var os: String
    var storage: String

    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?" } ?? "?"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let totalKiB =
            meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let pretty =
            release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "Linux"
        var uts = utsname()
        uname(&uts)
        let kernel = withUnsafeBytes(of: &uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return Machine(
            cores: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), cpu: model, memoryMiB: totalKiB / 1024,
            os: "\(pretty), kernel \(kernel)", storage: "")
    }
}

/// `stationctl serve` on a bench's config and store, its stderr discarded; the caller stops it.
func startDaemon(_ stationctl: String, config: String, store: String, environment: [String: String] = [:]) throws -> Process {
    let daemon = Process()
    daemon.executableURL = URL(fileURLWithPath: stationctl)
    daemon.arguments = ["serve", "--config", config, "--store", store]
    daemon.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    daemon.standardError = FileHandle.nullDevice
    try daemon.run()
    return daemon
}
