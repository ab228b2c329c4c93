import Foundation
import Policies
import SessionEngine
import SessionStore
import StationConfig
import StationDaemon
import StoreTestSupport
import Testing

/// The bundled plugins (`plugins/notify-exec.lua`, `plugins/exam-mode.lua`) driven through a
/// `PolicySet` with an in-memory store and a manual clock.
@Suite struct BundledPluginTests {
    // MARK: notify-exec

    @Test func notifyExecRunsTheProgramWithTheTextOnStandardInput() throws {
        let lab = try PluginLab()
        let file = lab.folder.appendingPathComponent("delivered.txt").path
        let script = #"cat >> "$1"; printf ' [%s %s %s %s]\n' "$2" "$3" "$4" "$5" >> "$1""#
        try lab.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" {
              allow = { "exec" }, program = "/bin/sh", timeout = "5s",
              args = { "-c", \(lua(script)), "notify", \(lua(file)), "{user}", "{station}", "{computer}", "{session}" },
            }
            """)
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.message("alice@LAB-1", "Save your work: 100% of LAB-1 restarts at 12:00")
        #expect(
            try String(contentsOfFile: file, encoding: .utf8)
                == "Save your work: 100% of LAB-1 restarts at 12:00 [alice LAB-1/1 LAB-1 1]\n")
        let exec = try #require(try lab.journal(.pluginExec).first)
        #expect(exec.actor == .policy("notify-exec"))
        #expect(exec.reason == "plugin notify-exec")
        #expect(exec.detail?.text.hasPrefix("/bin/sh -c ") == true)
        #expect(exec.detail?.text.hasSuffix("notify \(file) alice LAB-1/1 LAB-1 1 → exit 0") == true)
        #expect(try lab.journal(.policyError).isEmpty)
    }

    @Test func notifyExecPutsTheTextInAnArgumentWhenAskedAndKeepsPercentSigns() throws {
        let lab = try PluginLab()
        let file = lab.folder.appendingPathComponent("delivered.txt").path
        let script = #"printf '%s|%s|%s\n' "$2" "$3" "$(cat)" >> "$1""#
        try lab.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" {
              allow = { "exec" }, program = "/bin/sh",
              args = { "-c", \(lua(script)), "notify", \(lua(file)), "{user}", "to {user}: {text} %1 {unknown}" },
            }
            """)
        try lab.signIn("bob", at: "LAB-1/2")
        try lab.disconnect("bob@LAB-1")
        try lab.message("bob@LAB-1", "50% off; $HOME `id`")
        // {text} in an argument: nothing on standard input; a suspended session has no station.
        #expect(
            try String(contentsOfFile: file, encoding: .utf8)
                == "bob|to bob: 50% off; $HOME `id` %1 {unknown}|\n")
    }

    @Test func notifyExecLogsAFailingProgramWithoutFailingThePlugin() throws {
        let lab = try PluginLab()
        try lab.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" { allow = { "exec" }, program = "/bin/sh", args = { "-c", "cat >/dev/null; echo nope >&2; exit 3" } }
            """)
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.message("alice@LAB-1", "hello")
        #expect(try lab.journal(.pluginExec).map(\.detail?.text) == ["/bin/sh -c cat >/dev/null; echo nope >&2; exit 3 → exit 3"])
        #expect(try lab.journal(.policyError).isEmpty)
        #expect(lab.host.health(of: "notify-exec").failures == 0)

        let missing = try PluginLab()
        try missing.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" { allow = { "exec" }, program = "/nonexistent/notify" }
            """)
        try missing.signIn("alice", at: "LAB-1/1")
        try missing.message("alice@LAB-1", "hello")
        #expect(
            try missing.journal(.pluginExec).first?.detail?.text.hasPrefix("/nonexistent/notify → cannot run /nonexistent/notify") == true)
        #expect(try missing.journal(.policyError).isEmpty)
    }

    /// The timeout bounds the wait even when the program started children that keep its output
    /// open (a shell script running a slow command): a notifier must not stall the daemon.
    @Test func notifyExecKillsAProgramThatRunsPastItsTimeout() throws {
        let lab = try PluginLab()
        try lab.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" { allow = { "exec" }, program = "/bin/sh", args = { "-c", "cat >/dev/null; sleep 12" }, timeout = "1s" }
            """)
        try lab.signIn("alice", at: "LAB-1/1")
        let started = Date()
        try lab.message("alice@LAB-1", "hello")
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(try lab.journal(.pluginExec).map(\.detail?.text) == ["/bin/sh -c cat >/dev/null; sleep 12 → killed after 1s"])
        #expect(try lab.journal(.policyError).isEmpty)
    }

    /// A program that exits (or closes its standard input) without reading the text must not
    /// take the caller down with SIGPIPE: in the daemon that would stop every policy.
    @Test func notifyExecSurvivesAProgramThatIgnoresItsStandardInput() throws {
        let lab = try PluginLab()
        try lab.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" { allow = { "exec" }, program = "/bin/sh", args = { "-c", "exec 0<&-; sleep 0.3" } }
            """)
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.message("alice@LAB-1", String(repeating: "x", count: 200_000))
        #expect(try lab.journal(.pluginExec).map(\.detail?.text) == ["/bin/sh -c exec 0<&-; sleep 0.3 → exit 0"])
    }

    @Test func notifyExecWithoutTheExecGrantFailsDeliveryWithAClearPolicyError() throws {
        let lab = try PluginLab()
        try lab.load(
            """
            computer "LAB-1" { stations = 2 }
            plugin "notify-exec" { program = "/bin/true" }
            """)
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.message("alice@LAB-1", "hello")
        #expect(try lab.journal(.pluginExec).isEmpty)
        let error = try #require(try lab.journal(.policyError).first)
        #expect(error.actor == .policy("notify-exec"))
        #expect(error.reason?.hasPrefix("notifier") == true)
        #expect(
            error.detail?.text.contains(
                #"plugin notify-exec may not run programs: add allow = { "exec" } to its plugin line in the config"#) == true)
        #expect(error.detail?.text.contains("notify-exec.lua:") == true)
    }

    @Test func notifyExecRejectsMistypedSettingsAtTheConfigLine() throws {
        let lab = try PluginLab()
        #expect(throws: ConfigError.self) {
            try lab.load(
                """
                computer "LAB-1" { stations = 2 }
                plugin "notify-exec" { allow = { "exec" }, timeout = "soon" }
                """)
        }
    }

    // MARK: exam-mode command

    @Test func examModeOnSuspendsMessagesAndBlocksEveryStationButTheKeptOnes() throws {
        let lab = try PluginLab()
        try lab.load(PluginLab.examConfig)
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.signIn("bob", at: "LAB-1/2")
        try lab.signIn("carol", at: "LAB-1/3")
        try lab.store.perform(.lock(.user("carol", computer: "LAB-1")), actor: .user, at: lab.clock.now)
        try lab.store.perform(
            .block([StationID(computer: "LAB-1", name: "5")], message: "Broken screen"), actor: .admin(nil), at: lab.clock.now)
        let firstExamEvent = try lab.store.journalCount()

        let run = try lab.command("exam-mode", "on", "--computer", "LAB-1", "--keep", "LAB-1/1")
        #expect(run.status == 0)
        #expect(run.error == nil)
        #expect(
            run.output == [
                "blocked LAB-1/2 (bob@LAB-1 messaged and suspended)",
                "blocked LAB-1/3 (carol@LAB-1 messaged and suspended)",
                "blocked LAB-1/4",
                "skipped 2:",
                "  LAB-1/1: kept",
                "  LAB-1/5: already blocked (\"Broken screen\")",
            ])
        #expect(
            try lab.statuses() == [
                "LAB-1/1": "in_use", "LAB-1/2": "blocked", "LAB-1/3": "blocked", "LAB-1/4": "blocked", "LAB-1/5": "blocked",
            ])
        #expect(
            try lab.blockMessages() == [
                "LAB-1/2": "Exam in progress", "LAB-1/3": "Exam in progress",
                "LAB-1/4": "Exam in progress", "LAB-1/5": "Broken screen",
            ])
        let sessions = try lab.store.sessions()
        #expect(sessions.map(\.user) == ["alice", "bob", "carol"])
        #expect(sessions.map(\.state) == [.active, .suspended, .suspended])
        #expect(sessions.map(\.suspendedBy) == [nil, .admin, .admin])

        let events = try lab.store.journal().dropFirst(firstExamEvent)
        #expect(events.allSatisfy { $0.actor == .admin("rivera") }, "the admin who ran the command, through the plugin's actions")
        #expect(
            events.map(\.name) == [.messageSent, .suspended, .stationBlocked, .messageSent, .suspended, .stationBlocked, .stationBlocked])
        #expect(events.filter { $0.name == .messageSent }.map(\.user) == ["bob", "carol"])
        #expect(events.filter { $0.name == .messageSent }.allSatisfy { $0.detail?.text == "Exam in progress" })
        #expect(events.filter { $0.name == .suspended }.allSatisfy { $0.reason == "exam mode" })

        // Running it again changes nothing and says why.
        let again = try lab.command("exam-mode", "on", "--computer", "LAB-1", "--keep", "1")
        #expect(again.status == 0)
        #expect(again.output.first == "no station to block")
        #expect(again.output.contains("  LAB-1/2: already blocked for the exam"))
        #expect(try lab.store.journalCount() == firstExamEvent + events.count)
    }

    @Test func examModeOffUnblocksOnlyTheExamBlocks() throws {
        let lab = try PluginLab()
        try lab.load(PluginLab.examConfig)
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.store.perform(
            .block([StationID(computer: "LAB-1", name: "5")], message: "Broken screen"), actor: .admin(nil), at: lab.clock.now)
        #expect(try lab.command("exam-mode", "on", "--computer=LAB-1", "--message", "Maths exam until 11:00").status == 0)
        #expect(try lab.blockMessages()["LAB-1/1"] == "Maths exam until 11:00")
        #expect(try lab.store.sessions().first?.state == .suspended)

        // off with the default message finds no exam block: the exam used its own message.
        let wrong = try lab.command("exam-mode", "off", "--computer", "LAB-1")
        #expect(wrong.status == 0)
        #expect(wrong.output.first == "no station blocked for the exam")
        #expect(try lab.statuses().values.allSatisfy { $0 == "blocked" })

        let status = try lab.command("exam-mode", "status", "--computer", "LAB-1", "--message", "Maths exam until 11:00")
        #expect(status.status == 0)
        #expect(status.output.first == #"LAB-1: exam mode on ("Maths exam until 11:00"), 4 of 5 stations blocked for the exam"#)
        #expect(status.output.contains(#"  LAB-1/5  blocked ("Broken screen")"#))

        let off = try lab.command("exam-mode", "off", "--computer", "LAB-1", "--message", "Maths exam until 11:00")
        #expect(off.status == 0)
        #expect(
            off.output == [
                "unblocked LAB-1/1", "unblocked LAB-1/2", "unblocked LAB-1/3", "unblocked LAB-1/4",
                "skipped 1:", #"  LAB-1/5: blocked for another reason ("Broken screen")"#,
            ])
        #expect(
            try lab.statuses() == [
                "LAB-1/1": "available", "LAB-1/2": "available", "LAB-1/3": "available", "LAB-1/4": "available", "LAB-1/5": "blocked",
            ])
        let unblocks = try lab.journal(.stationUnblocked)
        #expect(unblocks.count == 4)
        #expect(unblocks.allSatisfy { $0.actor == .admin("rivera") && $0.reason == "exam mode" })
        // The suspended session is still there for its user to reconnect.
        #expect(try lab.store.sessions().map(\.state) == [.suspended])
    }

    @Test func examModeStatusListsExamBlocksAndTheRest() throws {
        let lab = try PluginLab()
        try lab.load(PluginLab.examConfig)
        try lab.signIn("alice", at: "LAB-1/1")
        let before = try lab.command("exam-mode", "status", "--computer", "LAB-1")
        #expect(before.output.first == #"LAB-1: exam mode off ("Exam in progress"), 0 of 5 stations blocked for the exam"#)
        #expect(before.output.contains("  LAB-1/1  not blocked: in_use, alice"))
        try lab.command("exam-mode", "on", "--computer", "LAB-1", "--keep", "LAB-1/1", "--keep", "LAB-1/2")
        let after = try lab.command("exam-mode", "status", "--computer", "LAB-1")
        #expect(
            after.output == [
                #"LAB-1: exam mode on ("Exam in progress"), 3 of 5 stations blocked for the exam"#,
                "  LAB-1/1  not blocked: in_use, alice",
                "  LAB-1/2  not blocked: available",
                "  LAB-1/3  blocked for the exam",
                "  LAB-1/4  blocked for the exam",
                "  LAB-1/5  blocked for the exam",
            ])
    }

    @Test func examModeRefusesBadCommandLinesWithUsageErrors() throws {
        let lab = try PluginLab()
        try lab.load(PluginLab.examConfig)
        let before = try lab.store.journalCount()
        for arguments in [
            [String](), ["begin", "--computer", "LAB-1"], ["on"], ["on", "--computer"],
            ["on", "--computer", "LAB-1", "--frobnicate"], ["off", "--computer", "LAB-1", "--keep", "LAB-1/1"],
            ["status", "LAB-1"],
        ] {
            let run = try lab.command("exam-mode", arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.output.count == 1, "\(arguments)")
            #expect(run.output.first?.hasPrefix("stationctl: error: ") == true, "\(arguments)")
            #expect(run.output.first?.contains("usage: stationctl exam-mode on|off|status --computer C") == true, "\(arguments)")
        }
        #expect(try lab.command("exam-mode", "on").output.first?.contains("--computer is required") == true)
        #expect(
            try lab.command("exam-mode", "on", "--computer", "LAB-1", "-x").output.first?.contains("unknown option '-x' for on") == true)

        let unknown = try lab.command("exam-mode", "on", "--computer", "LAB-9")
        #expect(unknown.status == 2)
        #expect(unknown.output == ["stationctl: error: no computer 'LAB-9'"])
        let keep = try lab.command("exam-mode", "on", "--computer", "LAB-1", "--keep", "LAB-1/9")
        #expect(keep.status == 2)
        #expect(keep.output == ["stationctl: error: cannot keep LAB-1/9: no such station on LAB-1"])
        #expect(try lab.store.journalCount() == before)
    }

    @Test func examModeDescribesItsCommand() throws {
        let lab = try PluginLab()
        try lab.load(PluginLab.examConfig)
        let runtime = try #require(lab.host.runtime(named: "exam-mode"))
        let command = try #require(runtime.pluginCommands.first)
        #expect(runtime.pluginCommands.count == 1)
        #expect(command.name == "exam-mode")
        #expect(command.usage == "stationctl exam-mode on|off|status --computer C [--keep C/S …] [--message TEXT]")
        #expect(command.summary.contains("exam"))
        #expect(command.help.contains("--keep C/S"))
        #expect(runtime.actionNames == ["exam_off", "exam_on"])
    }

    // MARK: exam-mode actions

    @Test func aPolicyTriggersExamModeThroughTheActions() throws {
        let lab = try PluginLab()
        try lab.addPolicy(
            "exam-day",
            """
            local step = 0
            every("1m", function()
              step = step + 1
              if step == 1 then
                local ok, changed = actions.exam_on{ computer = "LAB-1", keep = { "LAB-1/1" } }
                log.info("exam_on", ok, changed)
              else
                assert(actions.exam_off{ computer = "LAB-1" })
              end
            end)
            """)
        try lab.load(PluginLab.examConfig + "\npolicy \"exam-day\" {}\n")
        try lab.signIn("alice", at: "LAB-1/1")
        try lab.signIn("bob", at: "LAB-1/2")

        lab.clock.advance(by: 60)
        #expect(lab.host.runDueTimers() == 1)
        #expect(
            try lab.statuses() == [
                "LAB-1/1": "in_use", "LAB-1/2": "blocked", "LAB-1/3": "blocked", "LAB-1/4": "blocked", "LAB-1/5": "blocked",
            ])
        #expect(try lab.store.session(.user("bob", computer: "LAB-1")).suspendedBy == .policy)
        let blocks = try lab.journal(.stationBlocked)
        #expect(blocks.count == 4)
        #expect(blocks.allSatisfy { $0.actor == .policy("exam-mode") && $0.depth == 1 })
        #expect(try lab.journal(.policyError).isEmpty)

        lab.clock.advance(by: 60)
        #expect(lab.host.runDueTimers() == 1)
        #expect(try lab.statuses().filter { $0.value == "blocked" }.isEmpty)
        #expect(try lab.journal(.policyError).isEmpty)
    }

    @Test func examModeActionsReportRefusalsAndRaiseOnBadArguments() throws {
        let lab = try PluginLab()
        try lab.addPolicy(
            "exam-day",
            """
            every("1m", function()
              local ok, why = actions.exam_on{ computer = "LAB-9" }
              assert(ok == nil and why == "no computer 'LAB-9'", tostring(why))
              actions.exam_on{ computer = "LAB-1", room = "B12" }
            end)
            """)
        try lab.load(PluginLab.examConfig + "\npolicy \"exam-day\" {}\n")
        lab.clock.advance(by: 60)
        lab.host.runDueTimers()
        let errors = try lab.journal(.policyError)
        #expect(errors.count == 1)
        #expect(errors.first?.actor == .policy("exam-mode"))
        #expect(errors.first?.reason == "action exam_on")
        #expect(errors.first?.detail?.text.contains("exam_on: unknown option 'room'") == true)
        #expect(try lab.journal(.stationBlocked).isEmpty)
    }

    // MARK: docs/plugins.md

    @Test func everyLuaExampleInThePluginGuideLoadsAsAPlugin() throws {
        let guide = try String(contentsOf: PluginLab.repository.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let examples = luaBlocks(in: guide)
        #expect(examples.count >= 3)
        let lab = try PluginLab()
        let plugins = lab.folder.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let config = try StationConfig.parse(
            #"computer "LAB-1" { stations = 2 }"#, path: lab.folder.appendingPathComponent("stationkeeper.lua").path)
        for (index, example) in examples.enumerated() {
            let file = plugins.appendingPathComponent("example-\(index + 1).lua")
            try Data(example.utf8).write(to: file)
            do {
                let runtime = try PolicySet.check(file: file.path, kind: .plugin, config: config, clock: lab.clock)
                runtime.close()
            } catch {
                Issue.record("example \(index + 1) of docs/plugins.md does not load: \(error)\n\(example)")
            }
        }
    }

    @Test func bothBundledPluginsPassTheCheck() throws {
        let lab = try PluginLab()
        let config = try StationConfig.parse(
            #"computer "LAB-1" { stations = 2 }"#, path: lab.folder.appendingPathComponent("stationkeeper.lua").path)
        for name in ["notify-exec", "exam-mode"] {
            let file = PluginLab.repository.appendingPathComponent("plugins/\(name).lua").path
            let runtime = try PolicySet.check(file: file, kind: .plugin, config: config, clock: lab.clock)
            #expect(runtime.kind == .plugin)
            #expect(runtime.isNotifier == (name == "notify-exec"))
            runtime.close()
        }
    }
}

/// The text of every ```lua fence of a Markdown document.
private func luaBlocks(in markdown: String) -> [String] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line.trimmingCharacters(in: .whitespaces) == "```lua" {
            current = []
        } else if let block = current, line.trimmingCharacters(in: .whitespaces) == "```" {
            blocks.append(block.joined(separator: "\n") + "\n")
            current = nil
        } else if current != nil {
            current?.append(line)
        }
    }
    return blocks
}

/// A Lua string literal for `text` (long brackets: no escapes needed).
private func lua(_ text: String) -> String {
    var level = ""
    while text.contains("]\(level)]") { level += "=" }
    return "[\(level)[\(text)]\(level)]"
}

/// A store, a clock, and a host loaded from a config that enables bundled plugins.
private final class PluginLab {
    /// The repository this test file is in: its `plugins/` are the bundled ones.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let examConfig = """
        computer "LAB-1" { stations = 5 }
        computer "LAB-2" { stations = 2 }
        plugin "exam-mode" {}
        """

    let folder: URL
    let store: SessionStore
    let clock = ManualClock(Date(timeIntervalSince1970: 1_772_438_400))  // 2026-03-02T08:00:00Z
    private var loaded: PolicySet?

    var host: PolicySet {
        guard let loaded else { fatalError("call load(_:) first") }
        return loaded
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundled-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try TestStores.fresh()
    }

    deinit {
        loaded?.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Parses the config (as `<folder>/stationkeeper.lua`), syncs the store and loads the host:
    /// files beside the config first (test policies), then the repository's bundled ones.
    func load(_ source: String) throws {
        let config = try StationConfig.parse(source, path: folder.appendingPathComponent("stationkeeper.lua").path)
        try store.syncLayout(config.layout)
        loaded = try PolicySet.over(
            store, config: config, clock: clock,
            library: PolicyLibrary(roots: [folder, Self.repository])
        ).startAfresh()
    }

    /// Writes `<folder>/policies/NAME.lua`.
    func addPolicy(_ name: String, _ source: String) throws {
        let policies = folder.appendingPathComponent("policies")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: policies.appendingPathComponent("\(name).lua"))
    }

    func signIn(_ user: String, at station: String) throws {
        let events = try store.perform(.signIn(user: user, station: StationID(parsing: station)), actor: .user, at: clock.now).events
        for event in events { host.dispatch(event) }
    }

    func disconnect(_ session: String) throws {
        try store.perform(.disconnect(SessionRef(parsing: session)), actor: .user, at: clock.now)
    }

    /// Records a message as `stationctl message` does, then hands its event to the host as the daemon would.
    func message(_ session: String, _ text: String) throws {
        let events = try store.perform(.message([SessionRef(parsing: session)], text: text), actor: .admin(nil), at: clock.now).events
        #expect(events.map(\.name) == [.messageSent])
        for event in events { host.dispatch(event) }
    }

    struct CommandRun {
        var status: Int32
        var error: String?
        var output: [String]
    }

    /// Runs a plugin command as `stationctl NAME ARGS…` does, as the admin `rivera`.
    @discardableResult
    func command(_ name: String, _ arguments: String...) throws -> CommandRun {
        try command(name, arguments)
    }

    func command(_ name: String, _ arguments: [String]) throws -> CommandRun {
        let found = host.runtimes.lazy.compactMap { runtime in
            runtime.pluginCommands.first { $0.name == name }.map { (runtime, $0) }
        }.first
        let (runtime, command) = try #require(found, "no plugin command \(name)")
        var output: [String] = []
        let result = host.runCommand(command, in: runtime, arguments: arguments, actor: .admin("rivera")) { text in
            output += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return CommandRun(status: result.status, error: result.error, output: output)
    }

    func journal(_ name: EventName) throws -> [Event] {
        try store.journal().filter { $0.name == name }
    }

    func statuses(_ computer: String = "LAB-1") throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try store.stations(computer: computer).map { ($0.station.id.description, $0.status.rawValue) })
    }

    func blockMessages(_ computer: String = "LAB-1") throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try store.stations(computer: computer).compactMap { info in
                info.station.blockMessage.map { (info.station.id.description, $0) }
            })
    }
}
