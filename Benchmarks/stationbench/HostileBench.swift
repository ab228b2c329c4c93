import Foundation
import Lua
import Policies

/// The hostile cases of issue 9, each one policy call under the standard limits (they all end
/// with an error: budget, memory, refusal).
let hostileCases: [(name: String, source: String)] = [
    ("endless message handler", "xpcall(function() while true do end end, function() while true do end end)"),
    ("bounded message handler", "xpcall(function() while true do end end, function() for i = 1, 1e8 do end end)"),
    ("pattern .-b, 10^6", "local s = ('a'):rep(1e6) return s:find('.-b')"),
    ("pattern .*b, 10^6", "local s = ('a'):rep(1e6) return s:match('.*b')"),
    ("pattern a*b, 10^6", "local s = ('a'):rep(1e6) return s:find('a*b')"),
    ("pattern %a+b, 10^6", "local s = ('a'):rep(1e6) return (s:gsub('%a+b', ''))"),
    ("set of 10^5, 10^5", "local set = '[' .. ('x'):rep(1e5) .. ']' return (('a'):rep(1e5)):find(set)"),
    ("literal of 5·10^4", "local lit = ('a'):rep(5e4) .. 'b' return (('a'):rep(1e5)):find(lit .. '.')"),
    ("back-reference, 10^5", "return (('a'):rep(1e5)):match('(.-)%1b')"),
    ("gmatch .-b, 10^5", "local n = 0 for m in (('a'):rep(1e5)):gmatch('.-b') do n = n + 1 end return n"),
    (
        "load with a reader",
        "local p = ('x = 1 '):rep(2e5) while true do local sent = false load(function() if sent then return nil end sent = true return p end) end"
    ),
    ("long os.date formats", "local f = ('%c'):rep(1e5) while true do os.date(f, 0) end"),
    ("format of large strings", "local s = ('x'):rep(1e6) while true do string.format('%s%s', s, s) end"),
    ("shared-table DAG to Swift", "local t = {} for i = 1, 20 do t = { a = t, b = t } end while true do take(t) end"),
    ("wide table to Swift", "local t = {} for i = 1, 1e5 do t[i] = i end while true do take(t) end"),
    ("huge result from Swift", "while true do local r = big() end"),
    ("many coroutines", "while true do coroutine.wrap(function() end)() end"),
    (
        "sort with a slow comparator",
        "local t = {} for i = 1, 1e5 do t[i] = -i end table.sort(t, function(a, b) for i = 1, 10 do end return a < b end)"
    ),
    ("concat of many pieces", "local t = {} for i = 1, 1e6 do t[i] = 'x' end while true do table.concat(t) end"),
    ("memory bomb", "local t = {} for i = 1, 1e7 do t[i] = ('x'):rep(100) .. i end"),
    ("concat of 1 MB strings", "local s = ('x'):rep(1e3):rep(1e3) while true do local x = s .. s end"),
    ("table.concat of 1 MB strings", "local s = ('x'):rep(1e3):rep(1e3) local t = { s, s } while true do local x = table.concat(t) end"),
    ("rep of a 1 MB string", "local s = ('x'):rep(1e3):rep(1e3) while true do local x = s:rep(2) end"),
    (
        "closing a stopped coroutine",
        "coroutine.wrap(function() local x <close> = setmetatable({}, { __close = function() while true do end end }) while true do end end)()"
    ),
]

/// Hostile cases: the worst wall time of one call against a plain loop stopped by the same
/// 2,000,000-instruction budget, in the same run.
func hostileFigure(rounds: Int) throws -> (Figure, [String]) {
    let limits = PolicyLimits.standard
    let lua = try LuaState(limits: LuaLimits(memoryBytes: limits.memoryBytes, instructionsPerCall: limits.instructionsPerCall))
    defer { lua.close() }
    lua.register("take") { _ in [] }
    let big = LuaValue.table(LuaTable(array: (0..<300_000).map { .string("station-\($0)") }))
    lua.register("big") { _ in [big] }
    func worst(_ source: String, _ name: String) throws -> Double {
        let chunk = try lua.load(source, path: "\(name).lua")
        var times: [Double] = []
        for _ in 0..<rounds {
            let t0 = monotonic()
            _ = try? lua.call(chunk)
            times.append(monotonic() - t0)
        }
        return times.max() ?? 0
    }
    let loop = try worst("while true do end", "loop")
    var lines: [String] = []
    var worstCase = (name: "", seconds: 0.0)
    // STATIONBENCH_CASES=word runs only the cases whose name contains it (while tuning a charge).
    let only = ProcessInfo.processInfo.environment["STATIONBENCH_CASES"]
    for (name, source) in hostileCases where only.map({ name.contains($0) }) ?? true {
        let seconds = try worst(source, name)
        lines.append(String(format: "  %-30@ %7.1f ms  (%.2f× the loop)", name as NSString, seconds * 1000, seconds / loop))
        if seconds > worstCase.seconds { worstCase = (name, seconds) }
    }
    let figure = Figure(
        id: "hostile_worst", name: "worst hostile policy call (\(hostileCases.count) cases, N up to 10^6)", unit: "ms",
        value: worstCase.seconds * 1000, baseline: loop * 1000, kind: .time(maximumRatio: 3, absoluteMax: 250),
        target: "≤ 3 × a 2M-instruction loop, < 250 ms",
        notes:
            "each case is one call under the standard policy limits (2,000,000 instructions, 16 MiB), worst of \(rounds) runs; baseline: `while true do end` stopped by the same budget; worst: \(worstCase.name)"
    )
    return (figure, lines)
}
