import Foundation
import Lua
import Policies
import SessionEngine
import StationConfig
import Testing

@Suite struct RuntimeShapeTests {
    func load(_ source: String, world: any PolicyWorld) throws -> PolicySet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try Data(source.utf8).write(to: folder.appendingPathComponent("policies/p.lua"))
        let path = folder.appendingPathComponent("stationkeeper.lua").path
        try Data("computer \"LAB-1\" { stations = 2 }\npolicy \"p\" {}\n".utf8).write(to: URL(fileURLWithPath: path))
        return try PolicySet(
            config: StationConfig.load(path: path), world: world, clock: ManualClock(Date(timeIntervalSince1970: 0)),
            library: PolicyLibrary(roots: [folder]))
    }

    @Test func aStoreFailureInStationIsAnErrorNotAMissingStation() throws {
        let world = ListingWorld.failingStations()
        let policies = try load(
            """
            on("signed_in", function() station("LAB-1/1") end)
            on("locked", function() assert(station("GONE/1") == nil, "an unknown computer has no station") end)
            """, world: world)
        defer { policies.close() }
        policies.dispatch(Event(seq: 1, at: Date(), name: .signedIn, actor: .user))
        #expect(policies.health(of: "p").lastError?.contains("disk I/O error") == true)
        policies.dispatch(Event(seq: 2, at: Date(), name: .locked, actor: .user))
        #expect(policies.health(of: "p").failures == 0, "\(policies.health(of: "p").lastError ?? "")")
    }

    /// The policy API's methods come from the verb table: every verb a policy may take is a method.
    @Test func everyPolicyVerbIsAMethodOfItsObjectsWithTheVerbTablesCommand() throws {
        var calls: [String] = []
        for target in [Verb.Target.session, .station, .computer] {
            for (method, verb) in Verb.methods(on: target) {
                let receiver = target == .session ? "s" : target == .station ? "st" : "c"
                let argument = verb.row.argument == .text ? "'hello'" : "nil"
                calls.append("assert(\(receiver).\(method), '\(target.rawValue) lacks \(method)')(\(receiver), \(argument))")
            }
        }
        #expect(calls.count == Verb.allCases.filter { $0.row.method != nil }.count)
        let world = ListingWorld()
        let policies = try load(
            """
            on("signed_in", function()
              local s, st, c = session(7), station("LAB-1/1"), computer("LAB-1")
              \(calls.joined(separator: "\n  "))
            end)
            """, world: world)
        defer { policies.close() }
        policies.dispatch(Event(seq: 1, at: Date(), name: .signedIn, actor: .user))
        #expect(policies.health(of: "p").failures == 0, "\(policies.health(of: "p").lastError ?? "")")
        #expect(world.performed.count == calls.count)
        #expect(world.performed.contains(.end([.id(7)])))
        #expect(world.performed.contains(.suspendStation(StationID(computer: "LAB-1", name: "1"))))
        #expect(world.performed.contains(.block([StationID(computer: "LAB-1", name: "1")], message: "Station blocked")))
    }

    @Test func identicalTimersGetTheirOwnKeys() throws {
        let policies = try load("every('1m', function() end)\nevery('1m', function() end)\n", world: ListingWorld())
        defer { policies.close() }
        #expect(policies.timerSchedule.map(\.key) == ["p/every 1m", "p/every 1m#2"])
    }

    @Test func checkingRefusesReadsWithAMessageAtThePolicysLine() throws {
        #expect(throws: ConfigError.self) { try load("local all = sessions{}\n", world: CheckWorld()) }
        do {
            _ = try load("\nlocal all = sessions{}\n", world: CheckWorld())
        } catch {
            #expect(
                String(describing: error).hasSuffix(
                    "p.lua:2: sessions() is not available while a file loads: query in a hook, a timer or a command"))
        }
    }
}

/// A world with one session (7, alice@LAB-1/1), one station and one computer, that records the
/// actions it is asked for. `stations` can be replaced to fail as a broken store would.
final class ListingWorld: PolicyWorld {
    struct Broken: Error, CustomStringConvertible { var description: String { "disk I/O error" } }
    var performed: [Command] = []
    let now = Date(timeIntervalSince1970: 0)
    var stations: (String?) throws -> [StationInfo] = { _ in
        [StationInfo(station: Station(id: StationID(computer: "LAB-1", name: "1"), position: 0), status: .inUse, session: 7, user: "alice")]
    }

    /// Stations of an unknown computer are an `EngineError.unknown`; any other read fails like a broken disk.
    static func failingStations() -> ListingWorld {
        let world = ListingWorld()
        world.stations = { computer in
            if computer == "GONE" { throw EngineError.unknown("no computer 'GONE' in the config") }
            throw Broken()
        }
        return world
    }

    func sessions(_ filter: SessionFilter) throws -> [Session] { [] }
    func session(_ ref: SessionRef) throws -> Session? {
        Session(id: 7, user: "alice", computer: "LAB-1", station: "1", state: .active, startedAt: now, stateSince: now, lastActivity: now)
    }
    func computers() throws -> [ComputerInfo] { [ComputerInfo(computer: Computer(name: "LAB-1"), stations: 2, sessions: 1)] }
    func stations(computer: String?, limit: Int?) throws -> [StationInfo] { try stations(computer) }
    func perform(_ command: Command, call: PolicyCall, reason: String) -> ActionResult {
        performed.append(command)
        return .done(events: 1)
    }
    func record(_ events: [Event]) throws {}
    func run(_ request: ExecRequest) -> ExecResult { .simulated }
    func saveTimers(_ schedule: [(key: String, next: Date)], ranAt: Date?) throws {}
    func saveHealth(_ health: PolicyHealth, at now: Date) throws {}
    func saveMemory(_ text: String, of policy: String, at now: Date) throws {}
}

/// Every verb of the table is documented where users look for it.
@Suite struct VerbDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func everyPolicyMethodIsInThePolicyGuideAndEveryVerbInTheScenarioGuide() throws {
        let policies = try String(contentsOf: Self.root.appendingPathComponent("docs/policies.md"), encoding: .utf8)
        let simulation = try String(contentsOf: Self.root.appendingPathComponent("docs/simulation.md"), encoding: .utf8)
        let receivers: [Verb.Target: String] = [.session: "s", .station: "st", .computer: "c"]
        for (target, receiver) in receivers {
            for (method, _) in Verb.methods(on: target) {
                #expect(policies.contains("| `\(receiver):\(method)"), "docs/policies.md lacks \(receiver):\(method)")
            }
        }
        for verb in Verb.allCases {
            #expect(simulation.contains("| `\(verb.rawValue)("), "docs/simulation.md lacks the step \(verb.rawValue)")
        }
    }
}

@Suite struct QuarantineAndAdminTests {
    @Test func anAdminCommandMayUseAQuarantinedPluginsAction() throws {
        let lab = try PolicyLab(
            config: "plugin \"tools\" {}",
            plugins: [
                "tools": """
                action("hello", function() return computer("LAB-1"):message_all("hello") end)
                on("locked", function() error("always") end)
                command{ name = "hello", run = function() print(actions.hello()) end }
                """
            ])
        let policies = try lab.load()
        try lab.signIn("alice", "LAB-1/1")
        for _ in 0..<PolicySet.quarantineAfter {
            try lab.act(.lock(.user("alice", computer: "LAB-1")))
            try lab.act(.unlock(.user("alice", computer: "LAB-1")))
        }
        try lab.runOnce()
        #expect(policies.health(of: "tools").state == .quarantined)
        guard let runtime = policies.runtime(named: "tools"), let command = runtime.pluginCommands.first else {
            Issue.record("the plugin's command did not load")
            return
        }
        var printed: [String] = []
        let result = policies.runCommand(command, in: runtime, arguments: [], actor: .admin("rivera")) { printed.append($0) }
        #expect(result.status == 0)
        #expect(printed.first?.hasPrefix("true") == true, "\(printed)")
        #expect(
            try lab.events(.messageSent).last?.actor == .admin("rivera"),
            "the admin who ran the command, through the quarantined plugin's action")
    }
}
