import Foundation

/// One line of the table.
struct Figure {
    enum Kind {
        /// Higher is better: the target is `value >= factor × baseline`.
        case rate(minimumRatio: Double)
        /// Lower is better: the target is `value <= factor × baseline` (and `value < absolute` when given).
        case time(maximumRatio: Double, absoluteMax: Double?)
        /// No baseline: the target is `value < limit`.
        case limit(Double)
        /// A judgement stated in `verdict` (growth).
        case judged(met: Bool)
        /// Lower is better, shown against the baseline as a time ratio, with no target (not counted).
        case reported
    }

    var id: String
    var name: String
    var unit: String
    var value: Double
    var baseline: Double?
    var kind: Kind
    var target: String
    /// How the numbers were obtained (sizes, repetitions, spread).
    var notes: String
    var samples: [String: [Double]] = [:]
    /// For figures about commits: whether the engine's commits reached the disk (a sync per commit).
    /// `false` fails the figure whatever its ratio: the engine did less work than the baseline.
    var durable: Bool? = nil
    var extra: [String: Double] = [:]

    /// Whether the figure has a target to meet (``Kind/reported`` has none).
    var hasTarget: Bool {
        if case .reported = kind { return false }
        return true
    }

    var ratio: Double? {
        guard let baseline, baseline > 0 else { return nil }
        return value / baseline
    }

    var met: Bool {
        if durable == false { return false }
        switch kind {
        case .rate(let minimum): return (ratio ?? 0) >= minimum
        case .time(let maximum, let absolute):
            return (ratio ?? .infinity) <= maximum && (absolute.map { value < $0 } ?? true)
        case .limit(let limit): return value < limit
        case .judged(let met): return met
        case .reported: return true
        }
    }
}

func format(_ value: Double, unit: String) -> String {
    switch unit {
    case "events/s", "actions/s":
        return value >= 100_000
            ? String(format: "%.0fk %@", value / 1000, unit)
            : value >= 10_000
                ? String(format: "%.1fk %@", value / 1000, unit)
                : String(format: "%.0f %@", value, unit)
    case "ms":
        return value >= 100
            ? String(format: "%.0f ms", value) : value >= 10 ? String(format: "%.1f ms", value) : String(format: "%.2f ms", value)
    case "MiB": return String(format: "%.1f MiB", value)
    default: return String(format: "%.3g %@", value, unit)
    }
}

func tableText(_ figures: [Figure]) -> String {
    var out = ""
    var rows: [[String]] = [["figure", "engine", "baseline", "ratio", "target", "met"]]
    for f in figures {
        let ratio: String
        switch f.kind {
        case .rate: ratio = f.ratio.map { String(format: "%.2f×", $0) } ?? "-"
        case .time, .reported: ratio = f.ratio.map { String(format: "%.2f× time", $0) } ?? "-"
        default: ratio = "-"
        }
        rows.append([
            f.name,
            f.unit.isEmpty ? "see below" : format(f.value, unit: f.unit),
            f.baseline.map { format($0, unit: f.unit) } ?? "-",
            ratio, f.target, !f.hasTarget ? "-" : f.met ? "yes" : f.durable == false ? "NO (commits not synced)" : "NO",
        ])
    }
    let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    for (index, row) in rows.enumerated() {
        out +=
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
            .joined(separator: "  ") + "\n"
        if index == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
    }
    return out
}

func jsonNumber(_ value: Double?) -> Any {
    guard let value, value.isFinite else { return NSNull() }
    return value
}

func figuresJSON(_ figures: [Figure], machine: Machine, seconds: Double) -> String {
    let array: [[String: Any]] = figures.map { f in
        [
            "id": f.id, "figure": f.name, "unit": f.unit, "value": jsonNumber(f.value),
            "baseline": jsonNumber(f.baseline), "ratio": jsonNumber(f.ratio), "target": f.target,
            "met": f.hasTarget ? f.met as Any : NSNull(),
            "notes": f.notes, "samples": f.samples, "details": f.extra, "durable": f.durable.map { $0 as Any } ?? NSNull(),
        ]
    }
    let object: [String: Any] = [
        "machine": ["cores": machine.cores, "cpu": machine.cpu, "memory_mib": machine.memoryMiB, "os": machine.os],
        "total_seconds": seconds,
        "figures": array,
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}
