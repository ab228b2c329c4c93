import Foundation

/// Lua shortens a chunk name longer than `LUA_IDSIZE` to `...` and its tail in every message
/// it writes. This remembers the paths of loaded chunks and puts them back whole, so an error
/// always names the full file.
struct ChunkPaths {
    /// Lua keeps this many trailing characters after `...` (`LUA_IDSIZE` 60, less `...`, less the NUL).
    private static let keptTail = 56
    private var shortened: [String: String] = [:]

    mutating func record(_ path: String) {
        guard path.utf8.count + 1 > 60 else { return }
        shortened["..." + String(decoding: path.utf8.suffix(Self.keptTail), as: UTF8.self)] = path
    }

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
