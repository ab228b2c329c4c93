import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import StoreTestSupport
import Testing

/// The examples of docs/policies.md.
///
/// - ```` ```lua ```` blocks are complete policy files: each must load, and run through a school
///   day without a `policy_error`.
/// - ```` ```lua config ```` blocks are config files: each must parse, and when every policy and
///   plugin it enables is bundled, their settings must be accepted.
/// - ```` ```lua fragment ```` blocks are parts of a file and are not checked.
struct DocExample: Sendable, CustomTestStringConvertible {
    enum Kind: Sendable { case policy, config, fragment }

    var kind: Kind
    var line: Int
    var source: String

    var testDescription: String {
        let first = source.split(separator: "\n").first.map(String.init) ?? ""
        return "policies.md:\(line) \(first.prefix(60))"
    }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let document = root.appendingPathComponent("docs/policies.md")

    /// Every ```lua block of the document, with the line its code starts on.
    static func all() -> [DocExample] {
        guard let text = try? String(contentsOf: document, encoding: .utf8) else { return [] }
        var examples: [DocExample] = []
        var current: (kind: Kind?, line: Int, lines: [String])?
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if var block = current {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    if let kind = block.kind {
                        examples.append(DocExample(kind: kind, line: block.line, source: block.lines.joined(separator: "\n") + "\n"))
                    }
                    current = nil
                } else {
                    block.lines.append(line)
                    current = block
                }
            } else if line.hasPrefix("```") {
                let info = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                let kind: Kind? =
                    switch info {
                    case "lua": .policy
                    case "lua config": .config
                    case "lua fragment": .fragment
                    case "lua scenario": nil  // played by StationctlTests' FirstPolicyWalkthroughTests
                    default: info.hasPrefix("lua") ? .policy : nil  // an unknown lua variant is checked as a policy
                    }
                current = (kind, index + 2, [])
            }
        }
        return examples
    }

    static let policies = all().filter { $0.kind == .policy }
    static let configs = all().filter { $0.kind == .config }
}

private let docLab = """
    computer "LAB-1" { stations = 4 }
    computer "LAB-2" { stations = { "front", "back" } }
    calendar {
      timezone = "UTC",
      periods  = { P1 = "08:30-09:25", P2 = "09:30-10:25", lunch = "12:00-13:30", P5 = "13:30-14:25", P6 = "14:30-15:25" },
      terms    = { { "2026-01-05", "2026-04-03" } },
      holidays = { easter = "2026-04-06..2026-04-17" },
    }
    """

private let docCalendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    return calendar
}()

/// A temporary folder holding `policies/NAME.lua` for one example.
private final class ExampleFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("doc-example-\(UUID().uuidString)")

    func write(policy name: String, _ source: String) throws -> String {
        let folder = url.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).lua")
        try Data(source.utf8).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

@Suite struct DocExampleTests {
    @Test func theDocumentHasEnoughExamples() {
        #expect(DocExample.policies.count >= 20, "found \(DocExample.policies.count) policy examples")
        #expect(DocExample.configs.count >= 3)
        #expect(DocExample.all().filter { $0.kind == .fragment }.count <= 2, "fragments should stay rare")
        let cookbook =
            (try? String(contentsOf: DocExample.document, encoding: .utf8))?
            .components(separatedBy: "\n## Cookbook").last ?? ""
        #expect(cookbook.components(separatedBy: "\n```lua\n").count - 1 >= 8, "the cookbook has at least eight policies")
    }

    @Test(arguments: DocExample.policies)
    func loadsAsAPolicy(_ example: DocExample) throws {
        let folder = ExampleFolder()
        let file = try folder.write(policy: "example", example.source)
        let config = try StationConfig.parse(docLab, path: folder.url.appendingPathComponent("stationkeeper.lua").path)
        do {
            let runtime = try PolicySet.check(file: file, config: config)
            #expect(
                !runtime.hookedEvents.isEmpty || !runtime.timerDescriptions.isEmpty,
                "the example registers no hook and no timer")
            runtime.close()
        } catch {
            Issue.record("policies.md:\(example.line): \(error)")
        }
    }

    /// Runs the example from Monday 07:55 to Tuesday 08:00 (UTC), every 5 minutes, in a lab with
    /// active, locked and suspended sessions and the bundled exam-mode plugin: no hook or timer may fail.
    @Test(arguments: DocExample.policies)
    func runsASchoolDayWithoutErrors(_ example: DocExample) throws {
        let folder = ExampleFolder()
        _ = try folder.write(policy: "example", example.source)
        let configPath = folder.url.appendingPathComponent("stationkeeper.lua").path
        let config = try StationConfig.parse(docLab + "\npolicy \"example\" {}\nplugin \"exam-mode\" {}\n", path: configPath)
        let store = try TestStores.fresh()
        try store.syncLayout(config.layout)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_772_438_400 - 300))  // Monday 2026-03-02 07:55 UTC
        func act(_ command: Command) throws { try store.perform(command, actor: .user, at: clock.now) }
        try act(.signIn(user: "alice", station: StationID(parsing: "LAB-1/1")))
        try act(.signIn(user: "bob", station: StationID(parsing: "LAB-1/2")))
        try act(.disconnect(.user("bob", computer: "LAB-1")))
        try act(.signIn(user: "carol", station: StationID(parsing: "LAB-2/front")))
        try act(.signIn(user: "dave", station: StationID(parsing: "LAB-1/3")))
        try act(.lock(.user("dave", computer: "LAB-1")))

        let host = try PolicySet.over(
            store, config: config, clock: clock,
            library: PolicyLibrary(roots: [folder.url, DocExample.root]), calendar: docCalendar
        ).startAfresh()
        defer { host.close() }
        let daemon = Daemon(store: store, policies: host)
        try daemon.runOnce()
        for step in 1...(24 * 12 + 1) {
            clock.advance(by: 300)
            if step == 30 {  // 10:25: a user comes back and a new one signs in
                _ = try? act(.signIn(user: "bob", station: StationID(parsing: "LAB-1/4")))
                _ = try? act(.signIn(user: "erin", station: StationID(parsing: "LAB-2/back")))
            }
            try daemon.runOnce()
        }
        let errors = try store.journal().filter { $0.name == .policyError }
        for error in errors.prefix(3) {
            Issue.record("policies.md:\(example.line): \(error.reason ?? ""): \(error.detail?.text ?? "")")
        }
    }

    @Test(arguments: DocExample.configs)
    func configExamplesAreValidConfigs(_ example: DocExample) throws {
        let folder = ExampleFolder()
        let path = folder.url.appendingPathComponent("stationkeeper.lua").path
        let config: StationConfig
        do {
            config = try StationConfig.parse(example.source, path: path)
        } catch {
            Issue.record("policies.md:\(example.line): \(error)")
            return
        }
        // When everything it enables is bundled, load it for real: the settings must be accepted.
        let library = PolicyLibrary(roots: [DocExample.root])
        let bundled =
            config.policies.allSatisfy { (try? library.file(.policy, named: $0.name, declaredAt: nil)) != nil }
            && config.plugins.allSatisfy { (try? library.file(.plugin, named: $0.name, declaredAt: nil)) != nil }
        guard bundled else { return }
        do {
            let host = try PolicySet.over(
                try TestStores.fresh(), config: config, clock: ManualClock(Date()),
                library: library, calendar: docCalendar
            ).startAfresh()
            host.close()
        } catch {
            Issue.record("policies.md:\(example.line): \(error)")
        }
    }
}
