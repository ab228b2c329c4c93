import Foundation
import StationConfig

/// Where policy and plugin files are found: beside the config first, then among the bundled ones.
public struct PolicyLibrary: Sendable {
    /// Folders holding `policies/` and `plugins/`, searched in order.
    public var roots: [URL]

    public init(roots: [URL]) {
        self.roots = roots
    }

    /// The config's folder, then the bundled folders (see ``bundledRoots(environment:)``).
    public static func forConfig(at path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PolicyLibrary {
        let configFolder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return PolicyLibrary(roots: [configFolder] + bundledRoots(environment: environment))
    }

    /// `$STATIONKEEPER_LIBRARY`, `<prefix>/share/stationkeeper` beside the binary,
    /// the source tree the binary sits in (a folder up to 6 levels above it holding
    /// `Package.swift`), then `/usr/share/stationkeeper`.
    public static func bundledRoots(environment: [String: String]) -> [URL] {
        var roots: [URL] = []
        if let library = environment["STATIONKEEPER_LIBRARY"], !library.isEmpty {
            roots.append(URL(fileURLWithPath: library))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        roots.append(folder.deletingLastPathComponent().appendingPathComponent("share/stationkeeper"))
        for _ in 0..<6 {
            let manifest = folder.appendingPathComponent("Package.swift").path
            if FileManager.default.fileExists(atPath: manifest) {
                roots.append(folder)
                break
            }
            folder = folder.deletingLastPathComponent()
        }
        roots.append(URL(fileURLWithPath: "/usr/share/stationkeeper"))
        return roots
    }

    /// The file for `name`, or a ``ConfigError`` at the config line that enabled it saying where it looked.
    public func file(_ kind: PolicyKind, named name: String, declaredAt declaration: StationConfig.Declaration?) throws(ConfigError)
        -> String
    {
        let candidates = roots.map { $0.appendingPathComponent(kind.folder).appendingPathComponent("\(name).lua").path }
        if let found = candidates.first(where: FileManager.default.fileExists(atPath:)) { return found }
        throw ConfigError(
            .missingPolicy, "no \(kind.rawValue) \"\(name)\": looked for \(candidates.joined(separator: ", "))",
            at: declaration?.location)
    }
}
