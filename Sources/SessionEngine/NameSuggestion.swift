/// "Did you mean …?" for a name that is not known: the nearest known name by edit distance
/// (a swap of two neighbours counts as one edit, as in "aftre" for "after").
///
/// ```swift
/// NameSuggestion.nearest(to: "sesions", in: ["session", "sessions", "stations"])  // "sessions"
/// NameSuggestion.nearest(to: "zzz", in: ["sessions"])                            // nil
/// ```
public enum NameSuggestion {
    /// The nearest of `candidates`, if it is close enough to be what was meant: at most one edit
    /// for short names, one per three letters for longer ones.
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = Self.distance(Array(name.lowercased()), Array(candidate.lowercased()))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// " — did you mean 'sessions'?", or "" when nothing is near.
    public static func hint(for name: String, in candidates: [String]) -> String {
        nearest(to: name, in: candidates).map { " — did you mean '\($0)'?" } ?? ""
    }

    /// The one shape of every "this name is not one of those" message:
    /// `unknown("option", "dealy", allowed: ["delay", "message"])` is
    /// "unknown option 'dealy' — did you mean 'delay'? (allowed: delay, message)".
    public static func unknown(_ kind: String, _ name: String, allowed: [String]) -> String {
        let listed = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
        return "unknown \(kind) '\(name)'\(hint(for: name, in: allowed)) (allowed: \(listed))"
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
