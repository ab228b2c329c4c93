import Foundation
import StoreTestSupport
import Testing

/// `stationctl simulate` and `stationctl demo`, end to end with the built binary (TZ=UTC).
@Suite struct SimulateTests {
    static let utc = ["TZ": "UTC"]

    static let policyConfig = """
        computer "LAB-1" { stations = 4 }
        computer "LAB-2" { stations = { "front", "back" } }
        policy "lock-idle-active"     { after = "15m" }
        policy "end-idle-suspended"   { after = "2h" }
        policy "warn-before-shutdown" { again_at = { "5m", "1m" } }
        """

    static let day = """
        at("08:00", sign_in("alice", "LAB-1/1"))
        at("08:01", sign_in("bob", "LAB-1/1"))
        at("08:02", { sign_in("bob", "LAB-1/2"), sign_in("carol", "LAB-1/3") })
        at("09:30", idle("bob@LAB-1"))
        at("10:00", disconnect("carol@LAB-1"))
        at("16:00", disconnect("alice@LAB-1"))
        at("16:30", shutdown("LAB-1", { delay = "15m", message = "Maintenance." }))
        """

    static func write(_ text: String, to name: String, in lab: Lab) throws -> String {
        let url = lab.folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func simulate(_ lab: Lab, _ arguments: String...) throws -> Lab.Result {
        try lab.run(["simulate"] + arguments, environment: utc)
    }

    @Test func simulatePrintsATimelineAndASummary() throws {
        let lab = try Lab(config: Self.policyConfig)
        let path = try Self.write(Self.day, to: "day.lua", in: lab)
        let result = try Self.simulate(lab, path, "--from", "2026-03-02 07:00", "--until", "18:00")
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map { String($0) }
        func line(_ time: String, _ actor: String, _ what: String) -> Bool {
            lines.contains { $0.hasPrefix(time) && $0.contains(" \(actor) ") && $0.contains(what) }
        }
        #expect(lines.first?.hasPrefix("Simulation of \(path) with \(lab.config.path)") == true)
        let window = lines.dropFirst().first ?? ""
        #expect(window.hasPrefix("from 2 Mar 2026 at 7:00") && window.hasSuffix("PM (UTC)"), "\(window)")
        #expect(result.out.contains("TIME"))
        #expect(line("08:00", "user", "signed in alice at LAB-1/1: session 1 (alice@LAB-1)"))
        #expect(line("08:01", "scenario", "REFUSED (\(path):2)"))
        #expect(line("09:45", "policy:lock-idle-active", "locked session 2 (bob@LAB-1) at LAB-1/2 (idle longer than 15m)"))
        #expect(line("10:00", "user", "suspended session 3 (carol@LAB-1)"))
        #expect(line("12:00", "policy:end-idle-suspended", "ended session 3 (carol@LAB-1)"))
        #expect(line("16:30", "admin", "scheduled LAB-1: shutdown at 2026-03-02T16:45:00Z: Maintenance."))
        #expect(line("16:30", "policy:warn-before-shutdown", "message to session 1 (alice@LAB-1)"))
        #expect(line("16:45", "system", "ended session 1 (alice@LAB-1) (shutdown), was suspended"))
        #expect(line("16:45", "system", "shut down LAB-1"))
        #expect(result.out.contains("Summary"))
        #expect(result.out.contains("  sessions ended by policies: end-idle-suspended 1"))
        #expect(result.out.contains("  work lost at shutdown or restart: 1 suspended session(s): alice@LAB-1 at 16:45"))
        #expect(result.out.contains("  stations locked by policies: 1"))
        #expect(result.out.contains("  refused scenario steps: 1"))
        #expect(result.out.contains("  policy errors: 0"))
    }

    @Test func jsonGivesEventsAtVirtualTimesAndRefusals() throws {
        let lab = try Lab(config: Self.policyConfig)
        let path = try Self.write(Self.day, to: "day.lua", in: lab)
        let result = try Self.simulate(lab, path, "--from", "2026-03-02 07:00", "--until", "18:00", "--json")
        #expect(result.status == 0, "\(result.err)")
        let items = try result.jsonArray()
        func find(_ event: String, _ user: String?) -> [String: Any]? {
            items.first { $0["event"] as? String == event && (user == nil || $0["user"] as? String == user) }
        }
        #expect(find("signed_in", "alice")?["at"] as? String == "2026-03-02T08:00:00Z")
        #expect(find("signed_in", "alice")?["reason"] as? String == "scenario")
        let lock = find("locked", "bob")
        #expect(lock?["at"] as? String == "2026-03-02T09:45:00Z")
        #expect(lock?["actor"] as? String == "policy:lock-idle-active")
        let ended = items.first { $0["event"] as? String == "ended" && $0["actor"] as? String == "policy:end-idle-suspended" }
        #expect(ended?["user"] as? String == "carol")
        #expect(ended?["at"] as? String == "2026-03-02T12:00:00Z")
        #expect(find("shutdown_scheduled", nil)?["to"] as? String == "2026-03-02T16:45:00Z")
        let shutdown = find("computer_shutdown", nil)
        #expect(shutdown?["at"] as? String == "2026-03-02T16:45:00Z")
        #expect(shutdown?["actor"] as? String == "system")

        let refused = items.filter { $0["event"] as? String == "refused" }
        #expect(refused.count == 1)
        #expect(refused.first?["at"] as? String == "2026-03-02T08:01:00Z")
        #expect(refused.first?["actor"] as? String == "scenario")
        #expect(refused.first?["reason"] as? String == "\(path):2")
        #expect((refused.first?["detail"] as? String)?.contains("LAB-1/1") == true)
        #expect(refused.first?["seq"] is NSNull)
        // Every transition of the day is there, in journal order.
        let seqs = items.compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...seqs.count))
    }

    @Test(arguments: [
        ("at(\"08:00\", sign_in(\"alice\", \"LAB-1/1\"))\nat(\"25:00\", sign_in(\"bob\", \"LAB-1/2\"))\n", 2),
        ("\n\nat(\"08:00\", sign_in(\"alice\", \"LAB-1\"))\n", 3),
        ("at(\"08:00\", sign_on(\"alice\", \"LAB-1/1\"))\n", 1),
    ])
    func aScenarioErrorExitsFourNamingFileAndLine(_ source: String, _ line: Int) throws {
        let lab = try Lab(config: Self.policyConfig)
        let path = try Self.write(source, to: "broken.lua", in: lab)
        let result = try Self.simulate(lab, path, "--from", "2026-03-02 07:00")
        #expect(result.status == 4)
        #expect(result.err.hasPrefix("stationctl: error: \(path):\(line): "), "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1)
        #expect(result.out.isEmpty)
    }

    @Test func fromStoreStartsFromTheLiveSessionsAndLeavesTheStoreUnchanged() throws {
        let lab = try Lab(config: Self.policyConfig)
        lab.now = "2026-03-02T08:00:00Z"
        try lab.ok("sign-in", "alice", "--station", "LAB-1/1")
        lab.now = "2026-03-02T08:05:00Z"
        try lab.ok("sign-in", "bob", "--station", "LAB-1/2")
        lab.now = "2026-03-02T08:10:00Z"
        try lab.ok("disconnect", "bob@LAB-1")
        lab.now = "2026-03-02T08:30:00Z"
        let journal = try lab.ok("journal", "--json", "--limit", "0").out
        let sessions = try lab.ok("sessions", "--json").out
        let stations = try lab.ok("stations", "--json").out

        let path = try Self.write(
            """
            at("09:00", sign_out("alice@LAB-1"))
            at("09:05", sign_in("carol", "LAB-1/1"))
            """, to: "what-if.lua", in: lab)
        let result = try Self.simulate(lab, path, "--from-store", "--from", "2026-03-02 08:30", "--until", "12:00", "--json")
        #expect(result.status == 0, "\(result.err)")
        let items = try result.jsonArray()
        #expect(!items.contains { $0["event"] as? String == "refused" })
        // alice's live session is there to sign out; carol gets the next session number.
        #expect(
            items.contains {
                $0["event"] as? String == "ended" && $0["user"] as? String == "alice" && $0["detail"] as? String == "sign_out"
            })
        #expect(items.first { $0["event"] as? String == "signed_in" }?["session"] as? Int == 3)
        // bob, suspended since 08:10 in the live store, is ended two hours later.
        let bob = items.first { $0["event"] as? String == "ended" && $0["user"] as? String == "bob" }
        #expect(bob?["actor"] as? String == "policy:end-idle-suspended")
        #expect(bob?["at"] as? String == "2026-03-02T10:10:00Z")
        // The live events are not repeated.
        #expect(!items.contains { $0["event"] as? String == "signed_in" && $0["user"] as? String == "alice" })

        // The live store is unchanged.
        #expect(try lab.ok("journal", "--json", "--limit", "0").out == journal)
        #expect(try lab.ok("sessions", "--json").out == sessions)
        #expect(try lab.ok("stations", "--json").out == stations)
    }

    @Test func demoRunsFromAnEmptyFolderAndLeavesNothingBehind() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        for key in ["STATIONKEEPER_CONFIG", "STATIONKEEPER_STORE", "STATIONKEEPER_NOW", "STATIONKEEPER_LIBRARY"] {
            environment[key] = nil
        }
        let result = try Lab.execute(["demo"], in: folder, environment: environment)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("TIME"))
        #expect(result.out.contains("signed in teacher at LAB-1/1"))
        #expect(result.out.contains("policy:lock-idle-active"))
        #expect(result.out.contains("Summary"))
        #expect(result.out.contains("policy errors: 0"))
        #expect(result.out.contains("What the policies did"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func theDemoWeekSkipsTheHolidayAndSummarisesEachDay() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        for key in ["STATIONKEEPER_CONFIG", "STATIONKEEPER_STORE", "STATIONKEEPER_NOW", "STATIONKEEPER_LIBRARY"] {
            environment[key] = nil
        }
        let result = try Lab.execute(["demo", "--week"], in: FileManager.default.temporaryDirectory, environment: environment)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("policy errors: 0"))
        let days = result.out.components(separatedBy: "\n").filter { $0.hasPrefix("    ") && $0.contains(" Mar: ") }
        #expect(days.count == 5, "\(days)")
        #expect(days.filter { $0.contains("2 shutdown(s) scheduled") }.map { String($0.prefix(13)) }.count == 4)
        let wednesday = try #require(days.first { $0.contains("Wed 4 Mar") })
        #expect(!wednesday.contains("shutdown"), "no shutdown on the holiday: \(wednesday)")
        #expect(!result.out.contains("refused step"), "the lab is started every school morning")
    }

    @Test func aScenarioStepCanNameItsDate() throws {
        let lab = try Lab()
        let scenario = lab.folder.appendingPathComponent("dated.lua")
        try Data(
            """
            at("08:00", sign_in("alice", "LAB-1/1"))
            at("2026-03-04 09:15", lock("alice@LAB-1"))
            """.utf8
        ).write(to: scenario)
        let result = try lab.run(
            "simulate", scenario.path, "--from", "2026-03-02 07:00", "--until", "2026-03-05 00:00", "--json",
            environment: ["TZ": "UTC"])
        #expect(result.status == 0, "\(result.err)")
        let lock = try #require(try result.jsonArray().first { $0["event"] as? String == "locked" })
        #expect(lock["at"] as? String == "2026-03-04T09:15:00Z")
    }

    /// Every ```lua scenario block of docs/simulation.md runs with the ```lua config block before it.
    @Test func everyScenarioInTheDocsRuns() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/simulation.md"), encoding: .utf8)
        let demoConfig = try String(contentsOf: root.appendingPathComponent("examples/demo/stationkeeper.lua"), encoding: .utf8)
        var config = demoConfig
        var scenarios: [(config: String, scenario: String)] = []
        var block: (kind: String, lines: [String])?
        for line in doc.components(separatedBy: "\n") {
            if var open = block {
                if line.hasPrefix("```") {
                    let text = open.lines.joined(separator: "\n") + "\n"
                    if open.kind == "config" { config = text } else { scenarios.append((config, text)) }
                    block = nil
                } else {
                    open.lines.append(line)
                    block = open
                }
            } else if line == "```lua config" {
                block = ("config", [])
            } else if line == "```lua scenario" {
                block = ("scenario", [])
            }
        }
        #expect(scenarios.count >= 4)
        for (index, example) in scenarios.enumerated() {
            let lab = try Lab(config: example.config)
            let path = try Self.write(example.scenario, to: "scenario-\(index + 1).lua", in: lab)
            let result = try Self.simulate(lab, path, "--from", "2026-03-02 07:00", "--until", "2d")
            #expect(result.status == 0, "scenario \(index + 1): \(result.err)")
            #expect(result.out.contains("  policy errors: 0"), "scenario \(index + 1):\n\(result.out)")
            #expect(!result.out.contains("log: "), "scenario \(index + 1):\n\(result.out)")
        }
    }
}

extension Lab {
    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String]) throws -> Result {
        var environment = ProcessInfo.processInfo.environment
        environment["STATIONKEEPER_CONFIG"] = nil
        environment["STATIONKEEPER_STORE"] = nil
        environment["STATIONKEEPER_NOW"] = now
        for (key, value) in extra { environment[key] = value }
        return try Self.execute(arguments + ["--config", config.path, "--store", storeLocation], in: folder, environment: environment)
    }
}
