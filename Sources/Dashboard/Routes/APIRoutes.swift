import Foundation
import Hummingbird
import Logging
import NIOCore
import Policies
import Presentation
import SessionEngine
import SessionStore

/// `/api/v1`: the same JSON shapes as `stationctl … --json` (from ``Presentation/Render``), for
/// scripts with an `Authorization: Bearer skt_…` token. `docs/openapi.json` describes it; it is
/// served at `/api/v1/openapi.json`.
struct APIRoutes {
    let dashboard: Dashboard

    func add(to router: Router<DashboardContext>) {
        let api = router.group("/api/v1")
        api.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_json)))
        }
        api.get("/me") { _, context in
            let account = try context.requireIdentity().account
            return Response.json(
                .object([
                    ("name", .string(account.name)), ("role", .string(account.role.rawValue)),
                    ("computers", .array(account.computers.map { JSON.string($0) })),
                ]))
        }
        api.get("/health") { _, context in try await health(context) }
        api.get("/computers") { _, context in try await computers(context) }
        api.get("/stations") { request, context in try await stations(request, context) }
        api.get("/sessions") { request, context in try await sessions(request, context) }
        api.get("/sessions/:ref") { _, context in try await session(context) }
        api.get("/journal") { request, context in try await journal(request, context) }
        api.get("/policies") { _, context in try await policies(context) }
        api.post("/actions") { request, context in try await action(request, context) }
    }

    private var lab: Lab { dashboard.lab }

    private func health(_ context: DashboardContext) async throws -> Response {
        _ = try context.requireIdentity()
        let lab = self.lab
        let (daemon, last, policies) = try await Blocking.run {
            (DaemonStatus.read(lab.store), try lab.store.lastSeq(), try lab.store.policyHealth())
        }
        return .json(
            .object([
                (
                    "daemon",
                    .object([
                        ("running", .bool(daemon.running)), ("pid", .int(daemon.pid.map(Int64.init))), ("backlog", .int(daemon.backlog)),
                    ])
                ),
                ("journal_seq", .int(last)),
                (
                    "policies",
                    .array(
                        policies.values.sorted { $0.name < $1.name }.map {
                            .object([("name", .string($0.name)), ("state", .string($0.state.rawValue)), ("failures", .int($0.failures))])
                        })
                ),
            ]))
    }

    private func computers(_ context: DashboardContext) async throws -> Response {
        let account = try context.requireIdentity().account
        let lab = self.lab
        let computers = try await Blocking.run { try lab.store.computers() }
        return .json(.array(computers.filter { account.covers($0.computer.name) }.map { Render.json($0) }))
    }

    private func stations(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let account = try context.requireIdentity().account
        let computer = try computerParameter(request, account: account)
        let lab = self.lab
        let stations = try await Blocking.run { try lab.store.stations(computer: computer) }
        return .json(.array(stations.filter { account.covers($0.station.id.computer) }.map { Render.json($0) }))
    }

    private func sessions(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let account = try context.requireIdentity().account
        let computer = try computerParameter(request, account: account)
        let stateText = request.uri.queryParameters["state"].map(String.init)
        var state: SessionState?
        if let stateText {
            guard let parsed = SessionState(rawValue: stateText), parsed != .ended else {
                throw DashboardError.badRequest("'\(stateText)' is not a state of a live session: use active, locked or suspended")
            }
            state = parsed
        }
        let user = request.uri.queryParameters["user"].map(String.init)
        let lab = self.lab
        let now = lab.now
        let wanted = state
        let sessions = try await Blocking.run {
            try lab.store.sessions(SessionFilter(state: wanted, computer: computer, user: user, now: now))
        }
        return .json(.array(sessions.filter { account.covers($0.computer) }.map { Render.json($0, now: now) }))
    }

    private func session(_ context: DashboardContext) async throws -> Response {
        let account = try context.requireIdentity().account
        let ref = try SessionRef(parsing: try context.parameters.require("ref"))
        let lab = self.lab
        let session = try await Blocking.run { try lab.store.session(ref) }
        guard account.covers(session.computer) else {
            throw DashboardError.forbidden("\(account.name) may see only the sessions of \(account.computers.joined(separator: ", "))")
        }
        return .json(Render.json(session, now: lab.now))
    }

    private func journal(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let account = try context.requireIdentity().account
        let parameters = request.uri.queryParameters
        let limitText = parameters["limit"].map(String.init) ?? "50"
        guard let limit = Int(limitText), limit >= 0 else {
            throw DashboardError.badRequest("limit must be 0 (all) or a positive number, not '\(limitText)'")
        }
        var after: Int64?
        if let text = parameters["after"].map(String.init) {
            guard let seq = Int64(text), seq >= 0 else { throw DashboardError.badRequest("after must be a journal seq, not '\(text)'") }
            after = seq
        }
        let filter = try JournalQuery.filter(
            account: account, computer: parameters["computer"].map(String.init), session: parameters["session"].map(String.init),
            since: parameters["since"].map(String.init), limit: limit == 0 ? nil : limit, now: lab.now, afterSeq: after)
        let store = lab.store
        let events = try await Blocking.run { try JournalQuery.events(filter, account: account, store: store) }
        return .json(.array(events.map { Render.json($0) }))
    }

    private func policies(_ context: DashboardContext) async throws -> Response {
        _ = try context.requireIdentity()
        let lab = self.lab
        let reports = try await Blocking.run { () -> [JSON] in
            let policies = try PolicySet.over(
                lab.store, config: lab.config, clock: lab.clock, logger: Logger(label: "stationkeeper.dashboard"))
            defer { policies.close() }
            return try PolicyReport.all(policies, store: lab.store).map(\.json)
        }
        return .json(.array(reports))
    }

    /// `POST /api/v1/actions` with `{"verb": "block", "target": "LAB-1/3", "message": "Exam", "dry_run": true}`.
    /// Answers the outcome as `stationctl … --json` prints it; 409 when a bulk verb applied to nothing.
    private func action(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let account = try context.requireIdentity().account
        let body = try await request.body.collect(upTo: 64 * 1024)
        let (action, dryRun) = try ActionBody.parse(Data(buffer: body))
        let lab = self.lab
        let outcome = try await Blocking.run { try action.perform(as: account, in: lab, dryRun: dryRun) }
        if !dryRun { dashboard.feed.nudge() }
        let appliedToNothing = !outcome.skipped.isEmpty && outcome.events.isEmpty
        return .json(Render.json(outcome, dryRun: dryRun), status: appliedToNothing ? .conflict : .ok)
    }

    private func computerParameter(_ request: Request, account: Account) throws -> String? {
        let computer = request.uri.queryParameters["computer"].map(String.init)
        if let computer, !account.covers(computer) {
            throw DashboardError.forbidden("\(account.name) may see only \(account.computers.joined(separator: ", ")), not \(computer)")
        }
        return computer
    }
}

/// The JSON body of `POST /api/v1/actions`: `verb`, `target` (a string or a list), `text`,
/// `message`, `reason`, `delay`, `dry_run`. Unknown fields and wrong types are refused by name.
struct ActionBody: Decodable {
    var action: ActionRequest
    var dryRun: Bool

    static let fields = ["delay", "dry_run", "message", "reason", "target", "text", "verb"]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !Self.fields.contains($0) }) {
            throw DashboardError.badRequest("unknown field '\(unknown)': the fields are \(Self.fields.joined(separator: ", "))")
        }
        func string(_ name: String) throws -> String? {
            do {
                return try container.decodeIfPresent(String.self, forKey: Key(stringValue: name))
            } catch {
                throw DashboardError.badRequest("'\(name)' must be a string")
            }
        }
        let targetKey = Key(stringValue: "target")
        var targets: [String] = []
        if container.contains(targetKey) {
            if let one = try? container.decode(String.self, forKey: targetKey) {
                targets = [one]
            } else if let list = try? container.decode([String].self, forKey: targetKey) {
                targets = list
            } else {
                throw DashboardError.badRequest("'target' must be a string or a list of strings")
            }
        }
        do {
            dryRun = try container.decodeIfPresent(Bool.self, forKey: Key(stringValue: "dry_run")) ?? false
        } catch {
            throw DashboardError.badRequest("'dry_run' must be true or false")
        }
        action = try ActionRequest(
            verb: try string("verb") ?? "", targets: targets, text: try string("text"), message: try string("message"),
            reason: try string("reason"), delay: try string("delay"))
    }

    static func parse(_ data: Data) throws -> (ActionRequest, dryRun: Bool) {
        do {
            let body = try JSONDecoder().decode(ActionBody.self, from: data)
            return (body.action, body.dryRun)
        } catch let error as DashboardError {
            throw error
        } catch {
            throw DashboardError.badRequest(
                "the body must be a JSON object such as {\"verb\": \"lock\", \"target\": \"12\"} (fields: \(fields.joined(separator: ", ")))"
            )
        }
    }
}
