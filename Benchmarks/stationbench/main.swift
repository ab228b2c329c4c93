// stationbench: the performance figures of Stationkeeper, each against a baseline measured in the
// same run. `swift run -c release stationbench [--json] [--quick] [--only ID,…] [--keep]`.
import BenchBaselines
import Foundation

struct Options: @unchecked Sendable {
    var json = false
    var quick = false
    var keep = false
    var only: Set<String>? = nil
    /// The PostgreSQL server of the `pg-…` benches (`--postgres URL`; see ``BenchPostgres``).
    var postgres: String? = nil
    var workRoot = NSTemporaryDirectory() + "stationbench-\(getpid())"

    nonisolated(unsafe) static var shared = Options()

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--json": options.json = true
            case "--quick": options.quick = true
            case "--keep": options.keep = true
            case "--only" where i + 1 < arguments.count:
                i += 1
                options.only = Set(arguments[i].split(separator: ",").map(String.init))
            case "--postgres" where i + 1 < arguments.count:
                i += 1
                options.postgres = arguments[i]
            case "--help", "-h":
                print(
                    """
                    usage: stationbench [--json] [--quick] [--only ID,…] [--keep] [--postgres URL]
                      --json   print the figures as JSON (the table goes to stderr)
                      --quick  fewer repetitions (a smoke run, not for publishing)
                      --only   hook_dispatch, end_to_end, durable_actions, filtered_query, cold_process, daemon_memory, growth, wake, district, logind, dashboard, hostile_worst, pattern_speed, pg-actions, pg-district, pg-failover
                      --keep   keep the generated labs (printed folder)
                      --postgres  the server of the pg-… benches (else STATIONKEEPER_BENCH_PG_URL, else
                               scripts/pg-up's test server; skipped when there is none)
                    """)
                exit(0)
            default:
                FileHandle.standardError.write(Data("stationbench: unknown argument \(arguments[i])\n".utf8))
                exit(64)
            }
            i += 1
        }
        return options
    }
}

Options.shared = Options.parse(Array(CommandLine.arguments.dropFirst()))
let options = Options.shared

/// Progress and the human table go to stdout, or to stderr with --json (unbuffered).
func say(_ text: String) {
    (options.json ? FileHandle.standardError : FileHandle.standardOutput).write(Data((text + "\n").utf8))
}

let machine = Machine.current()
say(
    "stationbench (baselines v\(bench_baselines_version())): \(machine.cores) cores, \(machine.cpu), \(machine.memoryMiB) MiB RAM, \(machine.os)"
)
say("work folder: \(options.workRoot)\(options.keep ? " (kept)" : "")")

let started = monotonic()
let rounds = options.quick ? 3 : 7
var figures: [Figure] = []
var details: [String] = []
var failures: [String] = []
let labs = LabStores()

@MainActor func step(_ id: String, _ body: () throws -> Void) {
    guard options.only.map({ $0.contains(id) }) ?? true else { return }
    let t0 = monotonic()
    do {
        try body()
        say(String(format: "  %@ done in %.1f s", id, monotonic() - t0))
    } catch {
        failures.append("\(id): \(error)")
        say("  \(id) FAILED: \(error)")
    }
}

step("hook_dispatch") { figures.append(try dispatchFigure(rounds: rounds)) }
step("end_to_end") { figures.append(try endToEndFigure(rounds: options.quick ? 3 : 5)) }
step("durable_actions") { figures.append(try actionsFigure(rounds: rounds)) }
step("filtered_query") { figures.append(try filteredQueryFigure(labs: labs, runs: options.quick ? 9 : 31)) }
step("cold_process") { figures.append(try coldProcessFigure(runs: options.quick ? 5 : 15)) }
step("daemon_memory") {
    let (figure, lines) = try memoryFigure()
    figures.append(figure)
    details += ["daemon memory:"] + lines
}
step("growth") {
    let (figure, lines) = try growthFigure(labs: labs, runs: options.quick ? 5 : 11)
    figures.append(figure)
    details += ["growth (engine, with the C baseline for reference):"] + lines
}
step("wake") { figures.append(try wakeFigure(trials: options.quick ? 10 : 30)) }
step("district") {
    let (found, lines) = try districtFigures(runs: options.quick ? 3 : 7)
    figures += found
    details += ["district (5,000 computers × 100 stations, 200,000 sessions):"] + lines
}
step("logind") {
    let (found, lines) = try logindFigures(changes: options.quick ? 50 : 200, sessions: 500)
    figures += found
    details += ["logind (the real elogind of scripts/logind-up):"] + lines
}
step("dashboard") {
    let (found, lines) = try dashboardFigures(rounds: options.quick ? 3 : 7, clients: 200)
    figures += found
    details += ["dashboard (a real `stationctl dashboard` on loopback):"] + lines
}
step("hostile_worst") {
    let (figure, lines) = try hostileFigure(rounds: options.quick ? 1 : 3)
    figures.append(figure)
    details += ["hostile policy calls (each against the plain loop):"] + lines
}
step("pattern_speed") {
    let (figure, lines) = try patternFigure(cases: options.quick ? 100_000 : 1_000_000, rounds: options.quick ? 3 : 7)
    figures.append(figure)
    details += ["pattern matcher (differential check against Lua's own):"] + lines
}
if let server = BenchPostgres.serverURL() {
    step("pg-actions") {
        let (found, lines) = try PostgresActionsBench(server: server, rounds: rounds, seconds: options.quick ? 0.5 : 1).run()
        figures += found
        details += ["PostgreSQL actions (\(BenchPostgres.describe(server))):"] + lines
    }
    step("pg-district") {
        let (found, lines) = try PostgresDistrictBench(server: server, runs: options.quick ? 3 : 7).run()
        figures += found
        details += ["PostgreSQL district (10,000 computers × 100 stations, 1,000,000 sessions), against SQLite:"] + lines
    }
    step("pg-failover") {
        let (found, lines) = try PostgresFailoverBench(server: server, rounds: options.quick ? 3 : 5).run()
        figures += found
        details += ["PostgreSQL failover (two real `stationctl serve`, the owner killed with SIGKILL):"] + lines
    }
} else {
    for id in ["pg-actions", "pg-district", "pg-failover"] where options.only.map({ $0.contains(id) }) ?? true {
        say("  \(id) skipped: no PostgreSQL (give --postgres URL or STATIONKEEPER_BENCH_PG_URL, or run scripts/pg-up)")
    }
}
let total = monotonic() - started

say("")
say(tableText(figures))
for f in figures where f.durable == false {
    say(
        String(
            format:
                "%@: the engine's commits were not synced (%.2f syncs per commit; the baseline: %.2f). Against the baseline at the engine's effective synchronous=NORMAL the engine reaches %.2f× (target %@).",
            f.id, f.extra["engine_syncs_per_action"] ?? f.extra["engine_syncs_per_event"] ?? 0,
            f.extra["baseline_syncs_per_action"] ?? f.extra["baseline_syncs_per_event"] ?? 0,
            f.extra["ratio_vs_baseline_synchronous_normal"] ?? 0, f.target))
}
for line in details { say(line) }
say("")
for f in figures { say("\(f.id): \(f.notes)") }
if options.json {
    FileHandle.standardOutput.write(Data((figuresJSON(figures, machine: machine, seconds: total) + "\n").utf8))
}
let targeted = figures.filter(\.hasTarget)
say(String(format: "\ntotal %.0f s; %d of %d targets met", total, targeted.filter(\.met).count, targeted.count))
for failure in failures { say("FAILED \(failure)") }
if !options.keep { try? FileManager.default.removeItem(atPath: options.workRoot) }
exit(failures.isEmpty ? 0 : 1)
