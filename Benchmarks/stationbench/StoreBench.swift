import BenchBaselines
import Foundation
import SessionEngine
import SessionStore
import StationConfig

/// Durable actions/s: alternate sign-in and sign-out, each one committed transaction with its event.
func actionsFigure(rounds: Int) throws -> Figure {
    let folder = try makeTemporaryFolder("actions")
    // A lab of 10 computers × 8 stations with 60 sessions already signed in.
    let configPath = folder + "/stationkeeper.lua"
    try write(
        (1...10).map { String(format: "computer \"LAB-%02d\" { stations = 8 }", $0) }.joined(separator: "\n") + "\n",
        to: configPath)
    let config = try StationConfig.load(path: configPath)
    let enginePath = folder + "/engine.db"
    let baselinePath = folder + "/baseline.db"
    var stores: [SessionStore] = []
    for path in [enginePath, baselinePath] {
        let store = try SessionStore(path: path)
        try store.syncLayout(config.layout)
        for c in 1...10 {
            for s in 1...6 {
                try store.perform(
                    .signIn(user: "u\(c)-\(s)", station: StationID(computer: String(format: "LAB-%02d", c), name: "\(s)")),
                    actor: .user, at: labNow)
            }
        }
        stores.append(store)
    }
    let engineStore = stores[0]
    let raw = try RawStore(path: baselinePath)
    let rawNormal = try RawStore(path: baselinePath, synchronous: "NORMAL")
    let station = StationID(computer: "LAB-01", name: "8")
    var clock = labNow

    func engine(_ pairs: Int) throws -> Double {
        try timed {
            for _ in 0..<pairs {
                clock += 1
                let outcome = try engineStore.perform(.signIn(user: "bench", station: station), actor: .user, at: clock)
                guard let id = outcome.events.first?.session else { throw BenchError("sign-in made no event") }
                clock += 1
                try engineStore.perform(.signOut(.id(id)), actor: .user, at: clock)
            }
        }
    }
    func baseline(_ pairs: Int, _ raw: RawStore) throws -> Double {
        var error = [CChar](repeating: 0, count: 512)
        return try timed {
            for _ in 0..<pairs {
                clock += 1
                let id = bb_sign_in(raw.handle, "bench", "LAB-01", "8", clock.timeIntervalSince1970, &error, error.count)
                guard id > 0 else { throw BenchError("baseline sign-in: \(cError(error))") }
                clock += 1
                guard bb_sign_out(raw.handle, id, clock.timeIntervalSince1970, &error, error.count) == 0 else {
                    throw BenchError("baseline sign-out: \(cError(error))")
                }
            }
        }
    }
    let probe = 100
    _ = try engine(probe)
    _ = try baseline(probe, raw)
    let pairs = max(200, Int(Double(probe) * 0.4 / max(try engine(probe), 1e-6)))
    var engineRates: [Double] = []
    var baselineRates: [Double] = []
    var normalRates: [Double] = []
    var engineSyncs: Int64 = 0
    var baselineSyncs: Int64 = 0
    for _ in 0..<rounds {
        var syncs = bb_sync_count()
        engineRates.append(Double(2 * pairs) / (try engine(pairs)))
        engineSyncs += bb_sync_count() - syncs
        syncs = bb_sync_count()
        baselineRates.append(Double(2 * pairs) / (try baseline(pairs, raw)))
        baselineSyncs += bb_sync_count() - syncs
        normalRates.append(Double(2 * pairs) / (try baseline(pairs, rawNormal)))
    }
    let engineSyncsPerAction = Double(engineSyncs) / Double(2 * pairs * rounds)
    let baselineSyncsPerAction = Double(baselineSyncs) / Double(2 * pairs * rounds)
    // Both stores must hold the same rows: compare the journals' last two events.
    let check = try engineStore.journal(JournalFilter(limit: 2))
    let baselineCheck = try SessionStore(path: baselinePath).journal(JournalFilter(limit: 2))
    guard
        check.map({ [$0.name.rawValue, $0.user, $0.station?.description, $0.from?.text, $0.to?.text, $0.detail?.text, $0.actor.rawValue] })
            == baselineCheck.map({
                [$0.name.rawValue, $0.user, $0.station?.description, $0.from?.text, $0.to?.text, $0.detail?.text, $0.actor.rawValue]
            })
    else {
        throw BenchError("the baseline's journal rows differ from the engine's: \(check) vs \(baselineCheck)")
    }
    var figure = Figure(
        id: "durable_actions", name: "durable actions (sign-in / sign-out, committed)", unit: "actions/s",
        value: median(engineRates), baseline: median(baselineRates), kind: .rate(minimumRatio: 0.85),
        target: "engine ≥ 0.85 × baseline (issue 11)",
        notes:
            "\(2 * pairs) actions per round, median of \(rounds) interleaved rounds; SessionStore.perform on a file store vs C: BEGIN IMMEDIATE, the reads the transition depends on, INSERT/DELETE session + INSERT journal, COMMIT; WAL, synchronous=FULL, foreign_keys=ON; lab of 10 computers × 8 stations, 60 live sessions; syncs per action: engine \(String(format: "%.2f", engineSyncsPerAction)), baseline \(String(format: "%.2f", baselineSyncsPerAction)); baseline at synchronous=NORMAL: \(String(format: "%.0f", median(normalRates))) actions/s"
    )
    figure.samples = ["engine": engineRates, "baseline": baselineRates, "baseline_synchronous_normal": normalRates]
    figure.extra = [
        "engine_syncs_per_action": engineSyncsPerAction, "baseline_syncs_per_action": baselineSyncsPerAction,
        "baseline_synchronous_normal_actions_per_s": median(normalRates),
        "ratio_vs_baseline_synchronous_normal": median(engineRates) / median(normalRates),
    ]
    figure.durable = engineSyncsPerAction >= 0.99
    return figure
}

/// A store of `sessions` generated sessions, made once per size and kept for the growth figure.
final class LabStores {
    private var stores: [Int: (store: SessionStore, raw: RawStore, path: String)] = [:]

    func store(_ sessions: Int) throws -> (store: SessionStore, raw: RawStore, path: String) {
        if let found = stores[sessions] { return found }
        let folder = try makeTemporaryFolder("lab-\(sessions)")
        let configPath = folder + "/stationkeeper.lua"
        try write(Lab.configText(sessions: sessions), to: configPath)
        let path = folder + "/state.db"
        try Lab.create(store: path, config: configPath, sessions: sessions)
        let made = (try SessionStore(path: path), try RawStore(path: path), path)
        stores[sessions] = made
        return made
    }
}

let timerFilter = SessionFilter(state: .suspended, inStateLongerThan: 7200, now: labNow)

/// Median seconds of the engine's and the baseline's filtered query (or the listing, `filtered: false`).
func queryTimes(_ lab: (store: SessionStore, raw: RawStore, path: String), filtered: Bool, runs: Int)
    throws -> (engine: [Double], baseline: [Double], rows: Int)
{
    var engineTimes: [Double] = []
    var baselineTimes: [Double] = []
    var rows = 0
    var baselineRows: Int64 = 0
    var error = [CChar](repeating: 0, count: 512)
    let before = labNow.timeIntervalSince1970 - 7200
    for run in 0...runs {  // run 0 warms both up
        let e = try timed { rows = try lab.store.sessions(filtered ? timerFilter : SessionFilter(now: labNow)).count }
        let b = timed { baselineRows = bb_sessions(lab.raw.handle, filtered ? "suspended" : nil, before, &error, error.count) }
        guard baselineRows == rows else {
            throw BenchError("baseline query returned \(baselineRows) rows, engine \(rows): \(cError(error))")
        }
        if run > 0 {
            engineTimes.append(e)
            baselineTimes.append(b)
        }
    }
    return (engineTimes, baselineTimes, rows)
}

/// `sessions{state="suspended", in_state_longer_than="2h"}` over 100,000 sessions.
func filteredQueryFigure(labs: LabStores, runs: Int) throws -> Figure {
    let lab = try labs.store(100_000)
    let (engineTimes, baselineTimes, rows) = try queryTimes(lab, filtered: true, runs: runs)
    guard rows == Lab.matchingSuspended else {
        throw BenchError("filtered query matched \(rows) sessions, expected \(Lab.matchingSuspended)")
    }
    var figure = Figure(
        id: "filtered_query", name: "filtered timer query, 100,000 sessions", unit: "ms",
        value: median(engineTimes) * 1000, baseline: median(baselineTimes) * 1000,
        kind: .time(maximumRatio: 1.5, absoluteMax: 20), target: "≤ 1.5 × baseline time, < 20 ms",
        notes:
            "store.sessions(state: .suspended, inStateLongerThan: 7200) → \(rows) of 100,000 sessions (10,000 suspended), median of \(runs); baseline: the same SQL (SELECT * FROM session WHERE state = ? AND state_since < ? ORDER BY id, index session_state), prepared once, every column copied out"
    )
    figure.samples = ["engine_ms": engineTimes.map { $0 * 1000 }, "baseline_ms": baselineTimes.map { $0 * 1000 }]
    figure.extra = ["rows": Double(rows)]
    return figure
}

/// List and filtered-query time at 1k, 10k and 100k sessions.
func growthFigure(labs: LabStores, runs: Int) throws -> (Figure, [String]) {
    let sizes = [1_000, 10_000, 100_000]
    var list: [Double] = []
    var filtered: [Double] = []
    var listBase: [Double] = []
    var filteredBase: [Double] = []
    var lines: [String] = []
    for size in sizes {
        let lab = try labs.store(size)
        let l = try queryTimes(lab, filtered: false, runs: size >= 100_000 ? max(3, runs / 3) : runs)
        let f = try queryTimes(lab, filtered: true, runs: runs)
        let (listMs, listBaseMs) = (median(l.engine) * 1000, median(l.baseline) * 1000)
        let (filteredMs, filteredBaseMs) = (median(f.engine) * 1000, median(f.baseline) * 1000)
        list.append(listMs)
        listBase.append(listBaseMs)
        filtered.append(filteredMs)
        filteredBase.append(filteredBaseMs)
        lines.append(
            String(
                format: "  %7d sessions: list %8.2f ms (C %7.2f ms, %d rows)   filtered %6.3f ms (C %6.3f ms, %d rows)",
                size, listMs, listBaseMs, l.rows, filteredMs, filteredBaseMs, f.rows))
    }
    // Linear: each 10× step costs 5–15×. Sub-linear: each 10× step costs less than 5×.
    let listSteps = zip(list.dropFirst(), list).map { $0 / $1 }
    let filteredSteps = zip(filtered.dropFirst(), filtered).map { $0 / $1 }
    let listLinear = listSteps.allSatisfy { $0 >= 5 && $0 <= 15 }
    let filteredSub = filteredSteps.allSatisfy { $0 < 5 }
    lines.append(
        String(
            format: "  list grows %@ per 10× (%@); filtered query %@ per 10× (%@)",
            listSteps.map { String(format: "%.1f×", $0) }.joined(separator: ", "), listLinear ? "linear" : "NOT linear",
            filteredSteps.map { String(format: "%.2f×", $0) }.joined(separator: ", "), filteredSub ? "sub-linear" : "NOT sub-linear"))
    var figure = Figure(
        id: "growth", name: "growth: list / filtered query at 1k, 10k, 100k", unit: "",
        value: .nan, baseline: nil, kind: .judged(met: listLinear && filteredSub),
        target: "list linear, filtered sub-linear",
        notes:
            "each size: median of \(runs) runs (list at 100k: \(max(3, runs / 3))); the filtered query matches 50 sessions at every size; linear = each 10× step costs 5–15×, sub-linear = < 5×"
    )
    figure.samples = ["list_ms": list, "filtered_ms": filtered, "list_baseline_ms": listBase, "filtered_baseline_ms": filteredBase]
    figure.extra = [
        "list_step_1k_10k": listSteps[0], "list_step_10k_100k": listSteps[1],
        "filtered_step_1k_10k": filteredSteps[0], "filtered_step_10k_100k": filteredSteps[1],
    ]
    return (figure, lines)
}
