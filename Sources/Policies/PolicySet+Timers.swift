import Foundation
import Lua
import SessionEngine

extension PolicySet {
    /// Registers a timer. One registered while the file loads resumes its saved schedule (the
    /// daemon saves the schedule of a fresh load); one registered by a hook or timer is saved now.
    func addTimer(_ spec: TimerSpec, _ callback: LuaValue, to runtime: PolicyRuntime) throws {
        guard case .function(let function) = callback else {
            throw LuaScriptError("\(spec.description.split(separator: " ").first ?? "timer") expects a function as its second argument")
        }
        guard runtime.timers.count < limits.timersPerPolicy else {
            throw LuaScriptError(
                "too many timers: a \(runtime.kind.rawValue) may have at most \(limits.timersPerPolicy) (every, at and pending after together)"
            )
        }
        if let word = spec.schoolFilter, school == nil {
            throw LuaScriptError(
                "at: days = \"\(word.rawValue)\" needs the school calendar: add calendar { terms = …, holidays = … } to the config (docs/policies.md, \"The school calendar\")"
            )
        }
        let timer = runtime.addTimer(spec, function, now: clock.now, calendar: calendar, school: school, saved: savedTimers)
        if case .after = spec { return }
        guard savedTimers[timer.key] == nil, runtime.currentCall != nil else { return }
        savedTimers[timer.key] = timer.next
        do {
            try world.saveTimers([(timer.key, timer.next)], ranAt: nil)
        } catch {
            log(.error, "cannot save timer \(timer.key): \(error)")
        }
    }

    /// Every persistent timer's key and next run: what the daemon saves after a fresh load.
    public var timerSchedule: [(key: String, next: Date)] {
        runtimes.flatMap { runtime in
            runtime.timers.compactMap { timer in
                if case .after = timer.spec { return nil }
                return (timer.key, timer.next)
            }
        }
    }

    /// The earliest time a timer is due, if any.
    public var nextTimerDue: Date? {
        runtimes.filter { !isQuarantined($0) }.flatMap(\.timers).map(\.next).min()
    }

    /// Runs every timer whose time has come, once each however many runs were missed. The next
    /// runs are saved (in one transaction) before any callback runs, so a crash never runs a tick
    /// twice; a failing callback keeps its schedule.
    /// - Returns: how many callbacks ran.
    @discardableResult
    public func runDueTimers() -> Int {
        let now = clock.now
        var due: [(runtime: PolicyRuntime, timer: PolicyTimer)] = []
        var schedule: [(key: String, next: Date)] = []
        for runtime in runtimes where !isQuarantined(runtime) {
            for (index, timer) in runtime.timers.enumerated() where timer.next <= now {
                due.append((runtime, timer))
                if case .after = timer.spec { continue }
                let next = timer.spec.next(after: now, calendar: calendar, school: school)
                runtime.timers[index].next = next
                savedTimers[timer.key] = next
                schedule.append((timer.key, next))
            }
            runtime.timers.removeAll { timer in
                if case .after = timer.spec { return timer.next <= now }
                return false
            }
        }
        guard !due.isEmpty else { return 0 }
        do {
            try world.saveTimers(schedule, ranAt: now)
        } catch {
            log(.error, "cannot save the timers' schedule: \(error)")
        }
        var ran = 0
        var budgets: [ObjectIdentifier: Budget] = [:]
        for (runtime, timer) in due where !isQuarantined(runtime) {
            if let grace = timer.spec.grace, now.timeIntervalSince(timer.next) > grace {
                log(.warn, "\(runtime.name): skipped \(timer.spec) due at \(timer.next.iso8601): missed by more than its grace window")
                continue
            }
            var budget =
                budgets[ObjectIdentifier(runtime)]
                ?? Budget(total: limits.instructionsPerTick, scope: .tick(now))
            defer { budgets[ObjectIdentifier(runtime)] = budget }
            guard budget.allows(runtime, in: self) else { continue }
            invoke(
                timer.function, [], in: runtime, call: PolicyCall(actor: runtime.actor, actionDepth: 1),
                site: .timer(timer.spec.description), budget: &budget)
            ran += 1
        }
        return ran
    }
}

extension PolicySet {
    /// When each `at` timer (and `at_period`) of the enabled policies fires from `start` up to
    /// `end`, in time order, as `stationctl calendar` shows it; `every` and `after` timers are left
    /// out (they fire by the clock, not by the calendar).
    public func firings(from start: Date, until end: Date) -> [(policy: String, timer: String, at: Date)] {
        var found: [(policy: String, timer: String, at: Date)] = []
        for runtime in runtimes where !isQuarantined(runtime) {
            for timer in runtime.timers {
                guard case .at = timer.spec else { continue }
                var at = timer.spec.next(after: start - 1, calendar: calendar, school: school)
                while at <= end, found.count < 100_000 {
                    found.append((runtime.name, timer.spec.description, at))
                    at = timer.spec.next(after: at, calendar: calendar, school: school)
                }
            }
        }
        return found.sorted { ($0.at, $0.policy) < ($1.at, $1.policy) }
    }
}
