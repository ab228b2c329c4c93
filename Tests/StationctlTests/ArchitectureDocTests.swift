import Foundation
import Testing

/// docs/architecture.md is the map of the code: its dependency arrows must be Package.swift's.
@Suite struct ArchitectureDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each non-test target of Package.swift and the names of its dependencies (targets, or products by name).
    static func packageTargets() throws -> [String: Set<String>] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var targets: [String: Set<String>] = [:]
        for chunk in manifest.components(separatedBy: ".target(").dropFirst()
            + manifest.components(separatedBy: ".executableTarget(").dropFirst()
        {
            let body = chunk.components(separatedBy: ".testTarget(")[0].components(separatedBy: ".target(")[0]
                .components(separatedBy: ".executableTarget(")[0]
            guard let name = body.firstMatch(of: /name: "(\w+)"/)?.1 else { continue }
            var dependencies = Set<String>()
            if let list = body.firstMatch(of: /dependencies: \[([^\]]*)\]/)?.1 {
                let withoutProducts = list.replacing(/\.product\(name: "(\w+)"[^)]*\)/) { match in "\"\(match.1)\"" }
                dependencies = Set(withoutProducts.matches(of: /"(\w+)"/).map { String($0.1) })
            }
            targets[String(name)] = dependencies
        }
        return targets
    }

    /// The doc's `- \`NAME\` → \`A\`, \`B\`` lines.
    static func documentedArrows() throws -> [String: Set<String>] {
        let doc = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        var arrows: [String: Set<String>] = [:]
        for line in doc.split(separator: "\n") {
            guard let match = line.wholeMatch(of: /- `(\w+)` → (.*)/) else { continue }
            arrows[String(match.1)] = Set(match.2.matches(of: /`(\w+)`/).map { String($0.1) })
        }
        return arrows
    }

    @Test func theDependencyArrowsArePackageSwifts() throws {
        let package = try Self.packageTargets()
        #expect(package["Policies"]?.contains("SessionStore") == false, "the policy runtime must not depend on the store")
        #expect(package.count >= 10)
        #expect(try Self.documentedArrows() == package)
    }
}
