/// A lock that delays or blocks shutdown, sleep or idle handling (`ListInhibitors`).
///
/// ```swift
/// for inhibitor in try bus.listInhibitors() where inhibitor.what.contains("shutdown") {
///     print("\(inhibitor.who) (\(inhibitor.mode)): \(inhibitor.why)")   // "apt (block): Installing updates"
/// }
/// ```
public struct LogindInhibitor: Equatable, Sendable {
    /// What it inhibits: "shutdown", "sleep", "idle", "handle-power-key"…
    public var what: [String]
    /// Who took it, in their words.
    public var who: String
    /// Why, in their words.
    public var why: String
    /// "block" (refuses the operation) or "delay" (holds it off for a few seconds).
    public var mode: String
    public var uid: UInt32
    public var pid: UInt32

    public init(what: [String], who: String, why: String, mode: String, uid: UInt32 = 0, pid: UInt32 = 0) {
        self.what = what
        self.who = who
        self.why = why
        self.mode = mode
        self.uid = uid
        self.pid = pid
    }
}

extension LogindInhibitor {
    /// Reads one `(ssssuu)` entry of `ListInhibitors`.
    init(entry: BusValue) throws(LogindError) {
        guard let what = entry[0]?.string, let who = entry[1]?.string, let why = entry[2]?.string, let mode = entry[3]?.string
        else {
            throw LogindError(.malformedReply, "cannot read an inhibitor of ListInhibitors: expected (ssssuu)")
        }
        self.init(
            what: what.split(separator: ":").map(String.init), who: who, why: why, mode: mode,
            uid: entry[4]?.unsigned.map { UInt32(truncatingIfNeeded: $0) } ?? 0,
            pid: entry[5]?.unsigned.map { UInt32(truncatingIfNeeded: $0) } ?? 0)
    }
}
