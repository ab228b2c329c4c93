import Foundation
import Testing

/// docs/policies.md's "Your first policy" walk-through, played as written: check, then simulate.
@Suite struct FirstPolicyWalkthroughTests {
    static let section: String = {
        let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/policies.md")
        let text = (try? String(contentsOf: document, encoding: .utf8)) ?? ""
        guard let start = text.range(of: "## Your first policy"), let end = text.range(of: "## What a policy file does")
        else { return "" }
        return String(text[start.lowerBound..<end.lowerBound])
    }()

    /// The section's code block of `kind` (`lua`, `lua config`, `lua scenario`, or "" for output).
    static func blocks(_ kind: String) -> [String] {
        var found: [String] = []
        var block: (info: String, lines: [String])?
        for line in section.components(separatedBy: "\n") {
            if let open = block {
                if line == "```" {
                    if open.info == kind { found.append(open.lines.joined(separator: "\n") + "\n") }
                    block = nil
                } else {
                    block?.lines.append(line)
                }
            } else if line.hasPrefix("```") {
                block = (String(line.dropFirst(3)), [])
            }
        }
        return found
    }

    @Test func theWalkthroughRunsAsWritten() throws {
        let policy = try #require(Self.blocks("lua").first)
        let config = try #require(Self.blocks("lua config").first)
        let scenario = try #require(Self.blocks("lua scenario").first)
        let outputs = Self.blocks("")
        let lab = try Lab(config: config)
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("tidy-suspended.lua")
        try Data(policy.utf8).write(to: file)

        let checked = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(checked.status == 0 && checked.err.isEmpty, "\(checked.err)")
        #expect(checked.out == "ok: \(file.path) (policy; hooks: none; timers: every 1m)\n")
        #expect(
            outputs.first?.contains("ok: /etc/stationkeeper/policies/tidy-suspended.lua (policy; hooks: none; timers: every 1m)") == true)

        // The typo the section shows, at the place it shows.
        try Data(policy.replacingOccurrences(of: "settings.after }", with: "settings.aftre }").utf8).write(to: file)
        let typo = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        let shown = try #require(outputs.dropFirst().first?.split(separator: "\n").first.map(String.init))
        #expect(typo.status == 4)
        #expect(
            typo.err.hasPrefix(shown.replacingOccurrences(of: "/etc/stationkeeper/policies/tidy-suspended.lua", with: file.path)),
            "\(typo.err)")
        try Data(policy.utf8).write(to: file)

        let day = lab.folder.appendingPathComponent("day.lua")
        try Data(scenario.utf8).write(to: day)
        let simulated = try lab.run(
            "simulate", day.path, "--config", lab.config.path, "--from", "08:00", "--until", "11:00", plain: true,
            environment: ["TZ": "UTC"])
        #expect(simulated.status == 0, "\(simulated.err)")
        let timeline = try #require(outputs.dropFirst(2).first).split(separator: "\n").filter { $0.hasPrefix("0") || $0.hasPrefix("TIME") }
        #expect(!timeline.isEmpty)
        for line in timeline { #expect(simulated.out.contains(line), "\(line) not in\n\(simulated.out)") }
    }
}
