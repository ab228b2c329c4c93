import Foundation
import PatternCheck

/// The pattern matcher against Lua's own: 1,000,000 generated cases must agree, and ordinary
/// patterns must run at least 0.66× as fast (at most 1.5× slower).
func patternFigure(cases: Int, rounds: Int) throws -> (Figure, [String]) {
    var report = [CChar](repeating: 0, count: 4096)
    let t0 = monotonic()
    let disagreements = pc_run(20_261_201, cases, &report, report.count)
    let checked = monotonic() - t0
    guard disagreements == 0 else {
        let text = String(decoding: report.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw BenchError("the pattern matcher disagrees with Lua's own in \(disagreements) of \(cases) cases: \(text)")
    }
    let ratios = (0..<rounds).map { _ in pc_speed_ratio(50) }
    let ratio = median(ratios)
    let figure = Figure(
        id: "pattern_speed", name: "pattern matcher, ordinary patterns (vs Lua's own)", unit: "×", value: ratio, baseline: 1,
        kind: .rate(minimumRatio: 0.66), target: "≥ 0.66 × Lua's own",
        notes:
            "CLua/pattern.c against the real string.find/match/gmatch/gsub in one plain state (numbers, key=value, trimming, gsub and gmatch over a few KB), median of \(rounds) rounds; differential check: \(cases) generated cases, 0 disagreements, in \(String(format: "%.1f", checked)) s"
    )
    return (figure, [String(format: "  %d generated cases, 0 disagreements (%.1f s)", cases, checked)])
}
