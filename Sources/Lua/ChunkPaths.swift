import Foundation

/// Lua shortens a chunk name longer than `LUA_IDSIZE` to `...` and its tail in every message
/// it writes. This remembers the paths of loaded chunks and puts them back whole, so an error
/// always names the full file.
struct ChunkPaths {
    /// Lua keeps this many trailing characters after `...` (`LUA_IDSIZE` 60, less `...`, less the NUL).
    private static let keptTail = 56
    /// At most this many paths are remembered; the oldest is forgotten first
    /// (its errors then show Lua's "...tail"), so a daemon loading ever new
    /// paths does not grow without bound.
    static let capacity = 256
    private var shortened: [String: String] = [:]
    /// Keys of `shortened`, oldest first.
    private var order: [String] = []

    mutating func record(_ path: String) {
        guard path.utf8.count + 1 > 60 else { return }
        let short = "..." + String(decoding: path.utf8.suffix(Self.keptTail), as: UTF8.self)
        if shortened.updateValue(path, forKey: short) != nil {
            order.removeAll { $0 == short }
        } else if order.count >= Self.capacity {
            shortened[order.removeFirst()] = nil
        }
        order.append(short)
    }

    /// How many paths are remembered.
    var count: Int { shortened.count }

    func expand(_ error: LuaError) -> LuaError {
        guard !shortened.isEmpty else { return error }
        var expanded = error
        expanded.message = expand(error.message)
        expanded.traceback = error.traceback.map(expand)
        if let location = error.location, let full = shortened[location.file] {
            expanded.location = LuaLocation(file: full, line: location.line)
        }
        return expanded
    }

    func expand(_ text: String) -> String {
        guard text.contains("...") else { return text }
        var result = text
        for (short, full) in shortened where result.contains(short) {
            result = result.replacingOccurrences(of: short, with: full)
        }
        return result
    }
}
