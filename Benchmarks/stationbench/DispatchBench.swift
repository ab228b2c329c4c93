import BenchBaselines
import Foundation
import Logging
import Lua
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon

/// The hook every one of the 10 policies registers, and the same body for the C baseline.
let hookBody = "function(e) local x = e.user end"
let policyCount = 10

/// A lab whose config enables `p1` … `p10`, each `on("signed_in", <hookBody>)`.
func writeHookLab(in folder: String) throws -> String {
    for i in 1...policyCount {
        try write("on(\"signed_in\", \(hookBody))\n", to: "\(folder)/policies/p\(i).lua")
    }
    let config = "\(folder)/stationkeeper.lua"
    try write(Lab.configText(sessions: 1000, policies: (1...policyCount).map { "policy \"p\($0)\" {}" }), to: config)
    return config
}

/// Opens C states exactly as the engine does, each with the hook.
func openBaselineHooks(sandboxed: Bool = true) throws -> OpaquePointer {
    var error = [CChar](repeating: 0, count: 512)
    let limits = PolicyRuntime.limits
    guard
        let hooks = bb_hooks_open(
            Int32(policyCount), "function hook(e) local x = e.user end", sandboxed ? 1 : 0,
            Int64(limits.instructionsPerCall), limits.memoryBytes, &error, error.count)
    else { throw BenchError("baseline hooks: \(cError(error))") }
    return hooks
}

/// A `signed_in` event as the store would hand it to the daemon.
func sampleEvent(_ i: Int) -> Event {
    let computer = String(format: "LAB-%04d", i % 10 + 1)
    return Event(
        seq: Int64(i + 1), at: labNow + Double(i), name: .signedIn, session: Int64(i + 1),
        user: String(format: "user%06d", i), computer: computer, station: StationID(computer: computer, name: "\(i % 90 + 1)"),
        from: nil, to: .session(.active), actor: .user)
}

/// C copies of events (strings strdup'ed, never freed: they live as long as the run).
func cEvents(_ events: [Event]) -> [bb_event] {
    func c(_ s: String?) -> UnsafePointer<CChar>? { s.flatMap { UnsafePointer(strdup($0)) } }
    return events.map { e in
        bb_event(
            seq: e.seq ?? 0, has_seq: e.seq == nil ? 0 : 1, at: Int64(e.at.timeIntervalSince1970.rounded(.down)),
            session: e.session ?? 0, has_session: e.session == nil ? 0 : 1,
            name: c(e.name.rawValue), user: c(e.user), computer: c(e.computer), station: c(e.station?.description),
            from: c(e.from?.text), to: c(e.to?.text), actor: c(e.actor.rawValue), reason: c(e.reason),
            detail: c(e.detail?.text))
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "stationbench")
    logger.logLevel = .critical
    return logger
}()

/// Hook dispatch: events/s through 10 policies with one hook each, events already read.
func dispatchFigure(rounds: Int) throws -> Figure {
    let folder = try makeTemporaryFolder("dispatch")
    let configPath = try writeHookLab(in: folder)
    let config = try StationConfig.load(path: configPath)
    let store = try SessionStore(path: folder + "/state.db")
    try store.syncLayout(config.layout)
    let host = try PolicySet.over(store, config: config, clock: SystemClock(), logger: quietLogger).startAfresh()
    defer { host.close() }
    guard host.runtimes.count == policyCount, host.runtimes.allSatisfy({ $0.hookedEvents == [.signedIn] }) else {
        throw BenchError("the hook policies did not load as expected")
    }
    let hooks = try openBaselineHooks()
    defer { bb_hooks_close(hooks) }
    let plain = try openBaselineHooks(sandboxed: false)
    defer { bb_hooks_close(plain) }

    let events = (0..<1000).map(sampleEvent)
    let cevents = cEvents(events)
    func engine(_ n: Int) -> Double {
        timed { for i in 0..<n { host.dispatch(events[i % events.count]) } }
    }
    func baseline(_ h: OpaquePointer, _ n: Int) -> Double {
        var failures: Int64 = 0
        let seconds = timed {
            var done = 0
            while done < n {
                let chunk = min(n - done, cevents.count)
                failures += cevents.withUnsafeBufferPointer { bb_hooks_dispatch(h, $0.baseAddress, Int32(chunk)) }
                done += chunk
            }
        }
        precondition(failures == 0, "baseline hook calls failed")
        return seconds
    }
    // Size each side to about 0.3 s per round.
    let probe = 2000
    _ = engine(probe)
    _ = baseline(hooks, probe * 10)
    let engineN = max(1000, Int(Double(probe) * 0.3 / max(engine(probe), 1e-6)))
    let baselineN = max(1000, Int(Double(probe) * 0.3 / max(baseline(hooks, probe), 1e-6)))
    var engineRates: [Double] = []
    var baselineRates: [Double] = []
    var plainRates: [Double] = []
    for _ in 0..<rounds {
        engineRates.append(Double(engineN) / engine(engineN))
        baselineRates.append(Double(baselineN) / baseline(hooks, baselineN))
        plainRates.append(Double(baselineN) / baseline(plain, baselineN))
    }
    guard try store.journalCount() == 0 else { throw BenchError("hooks failed during dispatch (policy_error journaled)") }
    var figure = Figure(
        id: "hook_dispatch", name: "hook dispatch (10 policies × 1 hook, events already read)", unit: "events/s",
        value: median(engineRates), baseline: median(baselineRates), kind: .rate(minimumRatio: 0.5),
        target: "engine ≥ 0.5 × baseline",
        notes:
            "median of \(rounds) interleaved rounds (~0.3 s each); baseline: C, the same 10 sandboxed CLua states (capped allocator, budget armed per call, same message handler), same event table, lua_pcall; plain-Lua variant (luaL_newstate, bare lua_pcall) in details"
    )
    figure.samples = ["engine": engineRates, "baseline": baselineRates, "baseline_plain_lua": plainRates]
    figure.extra = [
        "baseline_plain_lua_events_per_s": median(plainRates),
        "engine_ns_per_hook_call": 1e9 / median(engineRates) / Double(policyCount),
        "baseline_ns_per_hook_call": 1e9 / median(baselineRates) / Double(policyCount),
    ]
    return figure
}

/// End to end: events/s from the journal through the same hooks, the cursor persisted per event.
func endToEndFigure(rounds: Int, journalSize: Int = 20_000) throws -> Figure {
    let folder = try makeTemporaryFolder("end-to-end")
    let configPath = try writeHookLab(in: folder)
    let config = try StationConfig.load(path: configPath)
    let enginePath = folder + "/engine.db"
    let baselinePath = folder + "/baseline.db"
    var stores: [SessionStore] = []
    for path in [enginePath, baselinePath] {
        let store = try SessionStore(path: path)
        try store.syncLayout(config.layout)
        // The same 20,000 journal events in both files.
        for start in stride(from: 0, to: journalSize, by: 5000) {
            try store.record(
                (start..<min(journalSize, start + 5000)).map { i in
                    var e = sampleEvent(i)
                    e.seq = nil
                    return e
                })
        }
        stores.append(store)
    }
    let (engineStore, baselineStore) = (stores[0], stores[1])
    let host = try PolicySet.over(engineStore, config: config, clock: SystemClock(), logger: quietLogger).startAfresh()
    defer { host.close() }
    let hooks = try openBaselineHooks()
    defer { bb_hooks_close(hooks) }
    let last = try engineStore.lastSeq()
    guard last == Int64(journalSize), try baselineStore.lastSeq() == last else { throw BenchError("journal setup") }

    func engine(_ n: Int) throws -> Double {
        try engineStore.setCursor(Daemon.cursorName, to: last - Int64(n))
        let daemon = Daemon(store: engineStore, policies: host, logger: quietLogger)
        var handled = 0
        let seconds = try timed { handled = try daemon.runOnce().events }
        guard handled == n, try engineStore.cursor(Daemon.cursorName) == last else {
            throw BenchError("engine end to end handled \(handled) of \(n)")
        }
        return seconds
    }
    func baseline(_ n: Int, synchronous: String) throws -> Double {
        try baselineStore.setCursor(Daemon.cursorName, to: last - Int64(n))
        var error = [CChar](repeating: 0, count: 512)
        var handled: Int64 = 0
        let seconds = timed {
            handled = bb_end_to_end(hooks, baselinePath, synchronous, Daemon.cursorName, &error, error.count)
        }
        guard handled == n, try baselineStore.cursor(Daemon.cursorName) == last else {
            throw BenchError("baseline end to end handled \(handled) of \(n): \(cError(error))")
        }
        return seconds
    }
    let probe = 500
    _ = try engine(probe)
    _ = try baseline(probe, synchronous: "FULL")
    // Each run handles the last n events of the 20,000 (a fresh cursor n events back), ~0.8 s for the slower side.
    let slowest = max(try engine(probe), try baseline(probe, synchronous: "FULL"))
    let n = min(journalSize, max(1000, Int(Double(probe) * 0.8 / max(slowest, 1e-6))))
    var engineRates: [Double] = []
    var baselineRates: [Double] = []
    var normalRates: [Double] = []
    var engineSyncs: Int64 = 0
    var baselineSyncs: Int64 = 0
    for _ in 0..<rounds {
        var syncs = bb_sync_count()
        engineRates.append(Double(n) / (try engine(n)))
        engineSyncs += bb_sync_count() - syncs
        syncs = bb_sync_count()
        baselineRates.append(Double(n) / (try baseline(n, synchronous: "FULL")))
        baselineSyncs += bb_sync_count() - syncs
        normalRates.append(Double(n) / (try baseline(n, synchronous: "NORMAL")))
    }
    let engineSyncsPerEvent = Double(engineSyncs) / Double(n * rounds)
    let baselineSyncsPerEvent = Double(baselineSyncs) / Double(n * rounds)
    var figure = Figure(
        id: "end_to_end", name: "end to end (journal → 10 hooks → cursor per batch)", unit: "events/s",
        value: median(engineRates), baseline: median(baselineRates), kind: .rate(minimumRatio: 0.9),
        target: "engine ≥ 0.9 × baseline",
        notes:
            "journal of \(journalSize) events, each run dispatches the last \(n) (Daemon.runOnce with the cursor moved back); median of \(rounds) interleaved rounds; baseline: C, SELECT … LIMIT 256 batches, same hook calls (which do not act), cursor upsert in its own BEGIN IMMEDIATE per batch as the daemon does, WAL + synchronous=FULL as SessionStore.configuration asks; syncs per event: engine \(String(format: "%.2f", engineSyncsPerEvent)), baseline \(String(format: "%.2f", baselineSyncsPerEvent)); baseline at synchronous=NORMAL: \(String(format: "%.0f", median(normalRates))) events/s"
    )
    figure.samples = ["engine": engineRates, "baseline": baselineRates, "baseline_synchronous_normal": normalRates]
    figure.extra = [
        "events_per_run": Double(n), "engine_syncs_per_event": engineSyncsPerEvent,
        "baseline_syncs_per_event": baselineSyncsPerEvent,
        "baseline_synchronous_normal_events_per_s": median(normalRates),
        "ratio_vs_baseline_synchronous_normal": median(engineRates) / median(normalRates),
    ]
    // The engine's cursor commits reach the disk as often as the baseline's (once per batch).
    figure.durable = Double(engineSyncs) >= 0.9 * Double(baselineSyncs)
    return figure
}
