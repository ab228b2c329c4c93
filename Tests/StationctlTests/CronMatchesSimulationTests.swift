import Foundation
import Testing

/// Issue 10: `serve --once` run from cron every minute is the daemon the simulation models.
@Suite struct CronMatchesSimulationTests {
    static let config = """
        computer "LAB-1" { stations = 4 }
        policy "end-idle-suspended" { after = "30m" }
        policy "nightly-shutdown" { at = "16:30", warn = "10m" }
        policy "warn-before-shutdown" { again_at = { "5m", "1m" } }
        """

    /// The day's steps: when, the `stationctl` command, and the same step in the scenario language.
    static let steps: [(time: String, command: [String], scenario: String)] = [
        ("08:05", ["sign-in", "alice", "--station", "LAB-1/1"], #"sign_in("alice", "LAB-1/1")"#),
        ("08:06", ["sign-in", "bob", "--station", "LAB-1/2"], #"sign_in("bob", "LAB-1/2")"#),
        ("08:07", ["sign-in", "carol", "--station", "LAB-1/3"], #"sign_in("carol", "LAB-1/3")"#),
        ("09:00", ["disconnect", "alice@LAB-1"], #"disconnect("alice@LAB-1")"#),
        ("10:15", ["lock", "bob@LAB-1"], #"lock("bob@LAB-1")"#),
        ("10:20", ["unlock", "bob@LAB-1"], #"unlock("bob@LAB-1")"#),
        ("12:00", ["disconnect", "carol@LAB-1"], #"disconnect("carol@LAB-1")"#),
        ("12:10", ["sign-in", "carol", "--station", "LAB-1/4"], #"sign_in("carol", "LAB-1/4")"#),
        ("15:00", ["sign-in", "dave", "--station", "LAB-1/1"], #"sign_in("dave", "LAB-1/1")"#),
        ("16:05", ["disconnect", "dave@LAB-1"], #"disconnect("dave@LAB-1")"#),
    ]

    static let day = "2026-03-02"  // a Monday
    static let minutes = (8 * 60)...(16 * 60 + 45)

    static func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    @Test func aDayOfServeOnceEveryMinuteJournalsWhatTheSimulationShows() throws {
        let cron = try Lab(config: Self.config)
        let utc = ["TZ": "UTC"]
        for minute in Self.minutes {
            let time = Self.clock(minute)
            cron.now = "\(Self.day)T\(time):00Z"
            for step in Self.steps where step.time == time {
                let result = try cron.run(step.command[0], Array(step.command.dropFirst()), environment: utc)
                #expect(result.status == 0, "\(step.command): \(result.err)")
            }
            let pass = try cron.run("serve", "--once", environment: utc)
            #expect(pass.status == 0, "\(time): \(pass.err)")
        }
        cron.now = nil
        let journal = try cron.run("journal", "--json", environment: utc).jsonArray()

        let scenario = cron.folder.appendingPathComponent("day.lua")
        let text = Self.steps.map { "at(\"\($0.time)\", \($0.scenario))" }.joined(separator: "\n")
        try Data(text.utf8).write(to: scenario)
        let simulation = try cron.run(
            "simulate", scenario.path, "--config", cron.config.path, "--from", "\(Self.day)T08:00:00Z",
            "--until", "\(Self.day)T16:45:00Z", "--json", plain: true, environment: utc)
        #expect(simulation.status == 0, "\(simulation.err)")
        let simulated = try simulation.jsonArray()

        func lines(_ events: [[String: Any]], scenarioReason: String? = nil) -> [String] {
            events.map { event in
                ["at", "event", "session", "user", "station", "from", "to", "actor", "reason", "detail"]
                    .map { key in
                        let value = event[key].map { "\($0)" } ?? "-"
                        // The one difference by design: the simulation says which steps the scenario took.
                        return key == "reason" && value == scenarioReason ? "\(NSNull())" : value
                    }
                    .joined(separator: " | ")
            }
        }
        #expect(lines(journal) == lines(simulated, scenarioReason: "scenario"))
        #expect(journal.count == 26)
        // What the day is about: warnings once per step, none repeated by the per-minute runs.
        let warnings = journal.filter {
            ($0["event"] as? String) == "message_sent" && (($0["detail"] as? String)?.contains("shuts down at 16:40") ?? false)
        }
        // bob and carol at 16:30, 16:35 and 16:39; dave (suspended) at 16:30, before his session ends at
        // 16:35, with the note that his unsaved work will be lost.
        #expect(warnings.count == 3 * 2 + 1, "\(warnings.map { $0["detail"] ?? "" })")
        let notes = journal.filter { (($0["detail"] as? String)?.contains("unsaved work will be lost") ?? false) }
        #expect(notes.map { $0["user"] as? String } == ["dave"])
    }
}

extension Lab {
    /// `run` with the arguments as an array.
    func run(_ first: String, _ rest: [String], environment: [String: String]) throws -> Result {
        try Self.execute(
            [first] + rest + ["--config", config.path, "--store", storeLocation], in: folder,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["STATIONKEEPER_NOW": now ?? ""]) { $1 })
    }
}
