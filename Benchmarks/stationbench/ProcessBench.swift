import Foundation
import SessionEngine
import SessionStore

/// The release `stationctl` beside this executable; built on demand (same scratch path) when
/// missing, and refused when older than the sources (a figure must never come from a stale binary;
/// rebuild it with the flags this bench was built with).
func stationctlBinary() throws -> String {
    let folder = (executablePath as NSString).deletingLastPathComponent
    let binary = folder + "/stationctl"
    if FileManager.default.isExecutableFile(atPath: binary) {
        let built = (try? FileManager.default.attributesOfItem(atPath: binary)[.modificationDate] as? Date) ?? .distantPast
        if let newer = newestSource(), newer > built {
            throw BenchError(
                "\(binary) is older than the sources: rebuild it first (swift build -c release [--static-swift-stdlib] --product stationctl)"
            )
        }
        return binary
    }
    // <scratch>/<triple>/release/stationbench
    let scratch = ((folder as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
    FileHandle.standardError.write(
        Data("stationbench: \(binary) is missing; building it (swift build -c release --product stationctl)…\n".utf8))
    let swift =
        ["/usr/bin/swift", "/usr/local/bin/swift"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? ProcessInfo.processInfo.environment["PATH"].flatMap { path in
            path.split(separator: ":").map { "\($0)/swift" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    guard let swift else { throw BenchError("no stationctl at \(binary) and no swift to build it") }
    let build = try runChild(
        [
            swift, "build", "-c", "release", "--product", "stationctl", "--package-path", repositoryRoot,
            "--scratch-path", scratch,
        ], stdout: "/dev/stderr", stderr: "/dev/stderr")
    guard build.status == 0, FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchError("building stationctl failed; run: swift build -c release --product stationctl")
    }
    return binary
}

/// When the newest file under `Sources/` and `CLua/` (what the binary is built from) was last changed.
func newestSource() -> Date? {
    var newest: Date?
    for folder in ["Sources", "CLua"] {
        let root = URL(fileURLWithPath: repositoryRoot).appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.contentModificationDateKey]) else {
            continue
        }
        for case let file as URL in files {
            if let date = try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate,
                date > (newest ?? .distantPast)
            {
                newest = date
            }
        }
    }
    return newest
}

/// The `sqlite3 -json` query equivalent to `stationctl sessions --json`: the same fields, names,
/// order and formats (station as C/S, ISO 8601 UTC times, idle seconds from now).
let sessionsJSONQuery = """
    SELECT id, user, computer, CASE WHEN station IS NULL THEN NULL ELSE computer || '/' || station END AS station,
        state, suspended_by,
        strftime('%Y-%m-%dT%H:%M:%SZ', state_since, 'unixepoch') AS state_since,
        strftime('%Y-%m-%dT%H:%M:%SZ', last_activity, 'unixepoch') AS last_activity,
        MAX(0, CAST(strftime('%s', 'now') - last_activity AS INTEGER)) AS idle_seconds
    FROM session ORDER BY id;
    """

/// `stationctl sessions --json` as a cold process on 1,000 sessions vs `sqlite3 -json`.
func coldProcessFigure(runs: Int) throws -> Figure {
    let stationctl = try stationctlBinary()
    guard let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
        throw BenchError("the sqlite3 shell is not installed (apt-get install sqlite3)")
    }
    let folder = try makeTemporaryFolder("cold-process")
    let configPath = folder + "/stationkeeper.lua"
    let storePath = folder + "/state.db"
    try write(Lab.configText(sessions: 1000), to: configPath)
    try Lab.create(store: storePath, config: configPath, sessions: 1000)
    let engineArgs = [stationctl, "sessions", "--json", "--config", configPath, "--store", storePath]
    let baselineArgs = [sqlite3, "-json", storePath, sessionsJSONQuery]
    // Check once that both print the same 1,000 objects with the same keys.
    let engineOut = folder + "/engine.json"
    let baselineOut = folder + "/baseline.json"
    let first = try runChild(engineArgs, stdout: engineOut, stderr: folder + "/engine.err")
    _ = try runChild(baselineArgs, stdout: baselineOut)
    func parsed(_ path: String) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))) as? [[String: Any]] ?? []
    }
    let (e, b) = (parsed(engineOut), parsed(baselineOut))
    guard first.status == 0, e.count == 1000, b.count == 1000, Set(e[0].keys) == Set(b[0].keys),
        e[999]["station"] as? String == b[999]["station"] as? String,
        e[0]["state_since"] as? String == b[0]["state_since"] as? String
    else {
        throw BenchError(
            "stationctl sessions --json (exit \(first.status), \(e.count) objects) and sqlite3 -json (\(b.count)) disagree; see \(folder)")
    }
    var engineTimes: [Double] = []
    var baselineTimes: [Double] = []
    for _ in 0..<2 {  // warm the page cache and the dynamic loader
        _ = try runChild(engineArgs)
        _ = try runChild(baselineArgs)
    }
    for _ in 0..<runs {
        let run = try runChild(engineArgs)
        guard run.status == 0 else { throw BenchError("stationctl sessions exited \(run.status)") }
        engineTimes.append(run.seconds)
        baselineTimes.append(try runChild(baselineArgs).seconds)
    }
    var figure = Figure(
        id: "cold_process", name: "`stationctl sessions --json`, cold process, 1,000 sessions", unit: "ms",
        value: median(engineTimes) * 1000, baseline: median(baselineTimes) * 1000,
        kind: .time(maximumRatio: 2.5, absoluteMax: nil), target: "≤ 2.5 × baseline time (issue 11)",
        notes:
            "wall time spawn→exit, median of \(runs) interleaved runs, output to /dev/null; baseline: sqlite3 -json with the equivalent SELECT (same fields and formats, checked); 10 computers × 100 stations"
    )
    figure.samples = ["engine_ms": engineTimes.map { $0 * 1000 }, "baseline_ms": baselineTimes.map { $0 * 1000 }]
    return figure
}

/// Peak RSS of `stationctl serve --once` on 10,000 sessions with the four bundled policies.
func memoryFigure() throws -> (Figure, [String]) {
    let stationctl = try stationctlBinary()
    let folder = try makeTemporaryFolder("memory")
    let configPath = folder + "/stationkeeper.lua"
    let storePath = folder + "/state.db"
    let policies = [
        "policy \"end-idle-suspended\"   { after = \"2h\" }",
        "policy \"lock-idle-active\"     { after = \"15m\" }",
        "policy \"warn-before-shutdown\" { again_at = { \"5m\", \"1m\" } }",
        "policy \"nightly-shutdown\"     { at = \"22:00\" }",
    ]
    try write(Lab.configText(sessions: 10_000, policies: policies), to: configPath)
    try Lab.create(store: storePath, config: configPath, sessions: 10_000, journal: true)
    let formatter = ISO8601DateFormatter()
    // 1: a first start at 10:00 dispatches the 10,000 pending sign-ins and schedules the timers.
    // 2: at 10:02 every timer is due: 500 idle sessions are locked, 50 long-suspended ones are
    //    messaged and ended, warn-before-shutdown walks the 100 computers; those 600 events reach the hooks.
    var lines: [String] = []
    var peak = 0
    var passes: [Double] = []
    for (label, offset) in [("first start: 10,000 pending events", 0.0), ("timer tick: 500 locks, 50 ends", 120.0)] {
        let run = try runChild(
            [stationctl, "serve", "--once", "--config", configPath, "--store", storePath],
            environment: ["STATIONKEEPER_NOW": formatter.string(from: labNow + offset)],
            stderr: folder + "/serve.err")
        guard run.status == 0 else {
            let log = (try? String(contentsOfFile: folder + "/serve.err", encoding: .utf8)) ?? ""
            throw BenchError("stationctl serve --once exited \(run.status): \(log.suffix(500))")
        }
        peak = max(peak, run.maxRSSKiB)
        passes.append(Double(run.maxRSSKiB) / 1024)
        lines.append(String(format: "  serve --once, %@: peak RSS %.1f MiB, %.2f s", label, Double(run.maxRSSKiB) / 1024, run.seconds))
    }
    let store = try SessionStore(path: storePath)
    let journal = try store.journalCount()
    let locked = try store.sessions(SessionFilter(state: .locked)).count
    let live = try store.sessions().count
    let policyErrors = try store.journal().filter { $0.name == .policyError }.count
    guard policyErrors == 0 else { throw BenchError("the bundled policies reported \(policyErrors) errors; see \(storePath)") }
    guard try store.cursor("serve") == Int64(journal) else {
        throw BenchError(
            "serve --once left events undispatched (cursor \(String(describing: try store.cursor("serve"))), journal \(journal))")
    }
    lines.append("  after both passes: \(live) live sessions (\(locked) locked), \(journal) journal events, all dispatched")
    var figure = Figure(
        id: "daemon_memory", name: "daemon peak RSS, 10,000 sessions, bundled policies", unit: "MiB",
        value: Double(peak) / 1024, baseline: nil, kind: .limit(64), target: "< 64 MiB",
        notes:
            "getrusage ru_maxrss of `stationctl serve --once` (two passes: first start with 10,000 pending events, then a timer tick 2 minutes later); the four bundled policies; 100 computers × 100 stations"
    )
    figure.samples = ["peak_mib_per_pass": passes]
    return (figure, lines)
}
