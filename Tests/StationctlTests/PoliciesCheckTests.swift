import Foundation
import Testing

/// `stationctl policies check` end to end: every problem in one run, on stderr, sorted; --json;
/// --strict; and the daemon refusing what check refuses, with the same message.
@Suite struct PoliciesCheckTests {
    static let typos = """
        defaults { after = "2h", message = "bye" }
        every("1m", function()
          for _, s in ipairs(sesions{ state = "suspended" }) do s:terminate() end
          return settings.aftre
        end)
        """

    func lab(policy source: String, settings: String = "") throws -> Lab {
        let lab = try Lab(config: "computer \"LAB-1\" { stations = 4 }\npolicy \"p\" { \(settings) }\n")
        let folder = lab.folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: folder.appendingPathComponent("p.lua"))
        return lab
    }

    @Test func everyProblemIsOneSortedLineOnStderr() throws {
        let lab = try lab(policy: Self.typos, settings: "aftre = \"1h\", mesage = \"x\"")
        let result = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        let file = lab.folder.appendingPathComponent("policies/p.lua").path
        #expect(result.status == 4)
        #expect(
            result.err.split(separator: "\n").map(String.init) == [
                "\(file):3:22: error: unknown name 'sesions' — did you mean 'sessions'?",
                "\(file):4:19: error: settings has no 'aftre' — did you mean 'after'? (declared: after, message)",
                "\(lab.config.path):2:1: error: policy \"p\": unknown setting 'aftre' — did you mean 'after'? (allowed: after, message)",
                "\(lab.config.path):2:1: error: policy \"p\": unknown setting 'mesage' — did you mean 'message'? (allowed: after, message)",
                "stationctl: error: 4 error(s) and 0 warning(s)",
            ])
        #expect(result.out.isEmpty, "nothing loaded cleanly: \(result.out)")
    }

    @Test func jsonGivesEachProblemsParts() throws {
        let lab = try lab(policy: Self.typos)
        let result = try lab.run("policies", "check", "--json", "--config", lab.config.path, plain: true)
        #expect(result.status == 4)
        let problems = try result.jsonArray()
        #expect(problems.map { $0["code"] as? String } == ["unknown-name", "unknown-setting"])
        #expect(problems.first?["line"] as? Int == 3 && problems.first?["column"] as? Int == 22)
        #expect(problems.first?["severity"] as? String == "error")
        #expect((problems.first?["file"] as? String)?.hasSuffix("policies/p.lua") == true)
        #expect(problems.first?["message"] as? String == "unknown name 'sesions' — did you mean 'sessions'?")
    }

    @Test func warningsPassUnlessStrict() throws {
        let lab = try lab(policy: "local unused = 1\nevery('1m', function() end)\n")
        let relaxed = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(relaxed.status == 0)
        #expect(relaxed.out.hasPrefix("ok: "))
        #expect(relaxed.err.contains("p.lua:1:7: warning: unused local 'unused': remove it, or name it _ if it must stay"))
        let strict = try lab.run("policies", "check", "--strict", "--config", lab.config.path, plain: true)
        #expect(strict.status == 4)
        #expect(strict.err.hasSuffix("stationctl: error: 0 error(s) and 1 warning(s)\n"))
    }

    @Test func serveAndSimulateRefuseWhatCheckRefusesWithTheSameMessage() throws {
        let lab = try lab(policy: "every('1m', function()\n  return sesions{}\nend)\n")
        let message = "unknown name 'sesions' — did you mean 'sessions'?"
        let check = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(check.err.contains("p.lua:2:10: error: \(message)"))
        let serve = try lab.run("serve", "--once")
        #expect(serve.status == 4)
        #expect(serve.err.contains("p.lua:2: \(message)"), "\(serve.err)")
        let scenario = lab.folder.appendingPathComponent("day.lua")
        try Data("at(\"08:00\", sign_in(\"alice\", \"LAB-1/1\"))\n".utf8).write(to: scenario)
        let simulate = try lab.run("simulate", scenario.path, "--config", lab.config.path, plain: true)
        #expect(simulate.status == 4)
        #expect(simulate.err.contains("p.lua:2: \(message)"), "\(simulate.err)")
    }

    @Test func aMissingEndNamesTheBlockLeftOpen() throws {
        let lab = try lab(policy: "on(\"suspended\", function(e)\n  if e.user then\n    log.info(e.user)\nend)\n")
        let result = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(result.status == 4)
        #expect(
            result.err.contains(
                "p.lua:4:4: error: 'end' expected (to close 'function' at line 1) near ')'; the 'if' at line 2 is probably missing its 'end' (the 'end' at line 4 lines up with line 1)"
            ), "\(result.err)")
    }

    @Test func everyConfigProblemAndWhatItsValidLinesEnableInOneRun() throws {
        let lab = try Lab(
            config: """
                computer "LAB-1" { stations = 2 }
                computer "LAB-1" { stations = 3 }
                policy "nosuch" {}
                policy "end-idle-suspended" { aftr = "3h", after = 5 }
                protect { usres = {} }
                """)
        let result = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(result.status == 4)
        let lines = result.err.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(lab.config.path):2:1: error: computer \"LAB-1\" is already declared") }, "\(result.err)")
        #expect(lines.contains { $0.hasPrefix("\(lab.config.path):3:1: error: no policy \"nosuch\": looked for ") })
        #expect(lines.contains { $0.contains(":4:1: error: policy \"end-idle-suspended\": setting 'after' must be a duration") })
        #expect(
            lines.contains { $0.contains(":4:1: error: policy \"end-idle-suspended\": unknown setting 'aftr' — did you mean 'after'?") })
        #expect(lines.contains { $0.hasPrefix("\(lab.config.path):5:1: error: protect: unknown setting 'usres' — did you mean 'users'?") })
        #expect(lines.last == "stationctl: error: 5 error(s) and 0 warning(s)")
    }

    @Test func theTimersLineShowsDays() throws {
        let lab = try lab(
            policy: "at('22:00', function() end, { days = { 'mon', 'fri' } })\nat('07:00', function() end, { days = 'weekdays' })\n")
        let result = try lab.run("policies", "check", "--config", lab.config.path, plain: true)
        #expect(result.out.contains("timers: at 22:00 on mon, fri, at 07:00 on weekdays)"), "\(result.out)")
    }
}
