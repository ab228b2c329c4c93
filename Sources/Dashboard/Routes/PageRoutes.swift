import Foundation
import Hummingbird
import Logging
import Policies
import Presentation
import SessionEngine
import SessionStore

/// The pages: computers, a computer's station grid, a session, the journal, policies and the
/// simulation. A teacher sees only the computers given to the account.
struct PageRoutes {
    let dashboard: Dashboard

    func add(to router: Router<DashboardContext>) {
        router.get("/") { request, context in try await computers(request, context) }
        router.get("/computers/:name") { request, context in try await computer(request, context) }
        router.get("/stations") { request, context in try await stations(request, context) }
        router.get("/sessions/:id") { request, context in try await session(request, context) }
        router.get("/journal") { request, context in try await journal(request, context) }
        router.get("/policies") { request, context in try await policies(request, context) }
        router.post("/policies/reload") { request, context in try await reload(context) }
        router.get("/simulate") { request, context in try await simulate(request, context) }
    }

    private var lab: Lab { dashboard.lab }

    /// A notice after an action: `?done=3&skipped=1`.
    private func notice(_ request: Request) -> String? {
        guard let done = request.uri.queryParameters["done"].flatMap({ Int(String($0)) }) else { return nil }
        let skipped = request.uri.queryParameters["skipped"].flatMap { Int(String($0)) } ?? 0
        return "Done: \(done) event(s) journaled" + (skipped > 0 ? ", \(skipped) target(s) skipped." : ".")
    }

    private func computers(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let seq = dashboard.feed.lastSeq
        let lab = self.lab
        let (computers, daemon, health) = try await Blocking.run {
            (try lab.store.computers(), DaemonStatus.read(lab.store), try lab.store.policyHealth())
        }
        let account = identity.account
        let visible = computers.filter { account.covers($0.computer.name) }
        var values: [String: Any] = [
            "computers": visible.map { Views.computerRow($0, now: lab.now) }, "daemon": daemon.values,
            "canMessageEveryone": account.role.allows(.messageAll), "teacher": account.role == .teacher,
        ]
        let troubled = health.values.filter { $0.state != .ok }.map { "\($0.name) \($0.state.rawValue)" }.sorted()
        if !troubled.isEmpty { values["policyTroubles"] = troubled.joined(separator: ", ") }
        return .html(
            dashboard.pages.page("computers", title: "Computers", values, identity: identity, liveAfter: seq, notice: notice(request)))
    }

    private func computer(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let seq = dashboard.feed.lastSeq
        let name = try context.parameters.require("name")
        let account = identity.account
        guard account.covers(name) else {
            throw DashboardError.forbidden("\(account.name) may see only \(account.computers.joined(separator: ", ")), not \(name)")
        }
        let filter = try StationFilter(request)
        let lab = self.lab
        let (info, stations, sessions) = try await Blocking.run {
            guard let info = try lab.store.computers(named: name).first else {
                throw EngineError.unknown("no computer '\(name)'")
            }
            return (info, try lab.store.stations(computer: name), try lab.store.sessions(SessionFilter(computer: name, now: lab.now)))
        }
        let now = lab.now
        let byID = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0) })
        let shown = stations.filter(filter.matches)
        let returnTo = "/computers/" + Routing.pathEscaped(name)
        let suspended = sessions.filter { $0.state == .suspended }
            .filter { filter.query.isEmpty || $0.user.localizedCaseInsensitiveContains(filter.query) }
        let computerActions = Views.actions(
            [.messageAll, .blockAll, .unblockAll, .suspendAll, .endAll, .shutdown, .restart, .cancelShutdown, .start], target: name,
            account: account, returnTo: returnTo)
        var values: [String: Any] = [
            "name": name, "power": info.computer.power.rawValue, "query": filter.query, "returnTo": returnTo,
            "statuses": filter.statusOptions,
            "tilesHTML": TileHTML.tiles(shown, sessions: byID, account: account, now: now, returnTo: returnTo),
            "hasTiles": !shown.isEmpty,
            "suspended": suspended.map { session -> [String: Any] in
                var values: [String: Any] = [
                    "sessionID": session.id, "user": session.user, "inState": Views.age(since: session.stateSince, now: now),
                    "actions": Views.sessionActions(session, account: account, returnTo: returnTo),
                ]
                if let by = session.suspendedBy { values["by"] = by.rawValue }
                return values
            },
            "suspendedCount": suspended.count, "canMessage": account.role.allows(.message),
            "computerActions": computerActions, "hasComputerActions": !computerActions.isEmpty,
        ]
        if let scheduled = Views.scheduledText(info.computer) { values["shutdown"] = scheduled }
        return .html(dashboard.pages.page("computer", title: name, values, identity: identity, liveAfter: seq, notice: notice(request)))
    }

    /// Every station of every computer the account may see, grouped by computer (MultiPoint's
    /// dashboard view), with the same tiles and filters as a computer's page.
    private func stations(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let seq = dashboard.feed.lastSeq
        let filter = try StationFilter(request)
        let lab = self.lab
        let (computers, stations, sessions) = try await Blocking.run {
            (try lab.store.computers(), try lab.store.stations(), try lab.store.sessions(SessionFilter(now: lab.now)))
        }
        let account = identity.account
        let now = lab.now
        let byID = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0) })
        let byComputer = Dictionary(grouping: stations, by: \.station.id.computer)
        let groups = computers.filter { account.covers($0.computer.name) }.compactMap {
            info -> [String: Any]? in
            let shown = (byComputer[info.computer.name] ?? []).filter(filter.matches)
            guard !shown.isEmpty else { return nil }
            return [
                "name": info.computer.name, "stations": info.stations, "sessions": info.sessions, "shown": shown.count,
                "tilesHTML": TileHTML.tiles(shown, sessions: byID, account: account, now: now, returnTo: "/stations"),
            ]
        }
        let values: [String: Any] = [
            "query": filter.query, "statuses": filter.statusOptions, "computers": groups, "returnTo": "/stations",
            "canMessage": account.role.allows(.message),
        ]
        return .html(
            dashboard.pages.page("stations", title: "Every station", values, identity: identity, liveAfter: seq, notice: notice(request)))
    }

    private func session(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let seq = dashboard.feed.lastSeq
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw DashboardError.badRequest("'\(text)' is not a session number: use /sessions/N with the number the grid shows")
        }
        let lab = self.lab
        let (session, history) = try await Blocking.run {
            let history = try lab.store.journal(JournalFilter(session: .id(id)))
            let live = try? lab.store.session(.id(id))
            guard history.first != nil || live != nil else { throw EngineError.unknown("no session \(id)") }
            return (live, history)
        }
        let computer = session?.computer ?? history.first?.computer ?? ""
        let account = identity.account
        guard account.covers(computer) else {
            throw DashboardError.forbidden("\(account.name) may see only the sessions of \(account.computers.joined(separator: ", "))")
        }
        let now = lab.now
        let messages = history.filter { $0.name == .messageSent }
        let ended = history.last { $0.name == .ended }
        var values: [String: Any] = [
            "id": id, "user": session?.user ?? history.first?.user ?? "", "computer": computer,
            "state": session?.state.rawValue ?? "ended", "events": history.map(Views.event),
            "messages": messages.map { ["at": $0.at.iso8601, "actor": $0.actor.rawValue, "text": $0.detail?.text ?? ""] },
            "messageCount": messages.count,
        ]
        if let session {
            values["inState"] = Views.age(since: session.stateSince, now: now)
            values["startedAt"] = session.startedAt.iso8601
            values["lastActivity"] = session.lastActivity.iso8601
            values["idle"] = Durations.format(session.idleSeconds(at: now))
            if let station = session.stationID { values["station"] = station.description }
            if let by = session.suspendedBy { values["by"] = by.rawValue }
            let actions = Views.sessionActions(session, account: account, returnTo: "/sessions/\(id)")
            values["actions"] = actions
            values["hasActions"] = !actions.isEmpty
        } else if let ended {
            values["inState"] = Views.age(since: ended.at, now: now)
            values["startedAt"] = history.first?.at.iso8601 ?? ""
        }
        return .html(
            dashboard.pages.page("session", title: "Session \(id)", values, identity: identity, liveAfter: seq, notice: notice(request)))
    }

    private func journal(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let seq = dashboard.feed.lastSeq
        let parameters = request.uri.queryParameters
        let computer = parameters["computer"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let sessionText = parameters["session"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let since = parameters["since"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let limitText = parameters["limit"].map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? "100"
        guard let limit = Int(limitText), (1...5000).contains(limit) else {
            throw DashboardError.badRequest("limit must be a number from 1 to 5000, not '\(limitText)'")
        }
        let filter = try JournalQuery.filter(
            account: identity.account, computer: computer, session: sessionText, since: since, limit: limit, now: lab.now)
        let lab = self.lab
        let events = try await Blocking.run { try JournalQuery.events(filter, account: identity.account, store: lab.store) }
        let values: [String: Any] = [
            "computer": computer ?? "", "session": sessionText ?? "", "since": since ?? "", "limit": limit,
            "events": events.map(Views.event),
        ]
        return .html(dashboard.pages.page("journal", title: "Journal", values, identity: identity, liveAfter: seq))
    }

    private func policies(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let seq = dashboard.feed.lastSeq
        let lab = self.lab
        let pages = dashboard.pages
        let notice = notice(request)
        // Rendered where the policies are loaded: a policy runtime stays on the thread that made it.
        let html = try await Blocking.run { () -> String in
            let policies = try PolicySet.over(
                lab.store, config: lab.config, clock: lab.clock, logger: Logger(label: "stationkeeper.dashboard"))
            defer { policies.close() }
            let reports = try PolicyReport.all(policies, store: lab.store)
            let daemon = DaemonStatus.read(lab.store)
            let values: [String: Any] = [
                "daemon": daemon.values, "canReload": daemon.pid != nil && identity.account.role == .admin,
                "configPath": lab.config.path,
                "policies": reports.map { report -> [String: Any] in
                    [
                        "name": report.runtime.name, "kind": report.runtime.kind.rawValue, "state": report.health.state.rawValue,
                        "failures": report.health.failures, "file": report.runtime.file,
                        "quarantined": report.health.state == .quarantined,
                        "hooks": report.runtime.hookedEvents.map(\.rawValue),
                        "timers": report.timers.map { ["schedule": $0.schedule, "next": $0.next.iso8601] },
                        "errors": report.errors.map { ["at": $0.at.iso8601, "what": $0.reason ?? "", "message": $0.detail?.text ?? ""] },
                        "hasErrors": !report.errors.isEmpty,
                    ]
                },
            ]
            return pages.page("policies", title: "Policies", values, identity: identity, liveAfter: seq, notice: notice)
        }
        return .html(html)
    }

    /// Sends SIGHUP to the daemon: it reloads the config and policies, keeping the old ones if the new fail.
    private func reload(_ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard identity.account.role == .admin else {
            throw DashboardError.forbidden("only an admin may reload the policies")
        }
        let status = DaemonStatus.read(lab.store)
        guard let pid = status.pid else {
            throw DashboardError.unavailable(
                status.district != nil
                    ? "a district's daemons run on their own machines: reload each with 'systemctl reload' or SIGHUP there"
                    : "the daemon is not running: start it with 'stationctl serve' (it loads the policies as it starts)")
        }
        guard kill(pid, SIGHUP) == 0 else {
            throw DashboardError.unavailable(
                "cannot signal the daemon (pid \(pid)): \(String(cString: strerror(errno))); run the dashboard as the daemon's user")
        }
        return .redirect(to: "/policies?done=0")
    }

    private func simulate(_ request: Request, _ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let directory = dashboard.settings.scenarios
        let files = SimulationPage.scenarioFiles(in: directory)
        let parameters = request.uri.queryParameters
        let chosen = parameters["scenario"].map(String.init)
        let from = parameters["from"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let until = parameters["until"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let fromStore = parameters["from_store"] != nil
        var values: [String: Any] = [
            "directory": directory, "from": from ?? "", "until": until ?? "", "fromStore": fromStore,
            "scenarios": files.map { ["file": $0, "selected": $0 == chosen] },
        ]
        if let chosen {
            guard files.contains(chosen) else {
                throw DashboardError.badRequest(
                    "'\(chosen)' is not a scenario of \(directory): pick one of \(files.isEmpty ? "(none)" : files.joined(separator: ", "))"
                )
            }
            let lab = self.lab
            let timeline = try await Blocking.run {
                try SimulationPage.run(
                    scenario: directory + "/" + chosen, lab: lab, from: from, until: until, fromStore: fromStore)
            }
            values["report"] = ["timeline": timeline]
        }
        return .html(dashboard.pages.page("simulate", title: "Simulation", values, identity: identity))
    }
}

/// The grid's search (`?q=`: part of a station's name or its user's) and status filter (`?status=`).
struct StationFilter {
    var query: String
    var status: StationStatus?

    init(_ request: Request) throws {
        query = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let text = request.uri.queryParameters["status"].map(String.init) ?? ""
        guard text.isEmpty || StationStatus(rawValue: text) != nil else {
            throw DashboardError.badRequest(
                "'\(text)' is not a station status: use one of \(StationStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        status = StationStatus(rawValue: text)
    }

    func matches(_ station: StationInfo) -> Bool {
        (status == nil || station.status == status)
            && (query.isEmpty || station.station.id.name.localizedCaseInsensitiveContains(query)
                || (station.user?.localizedCaseInsensitiveContains(query) ?? false))
    }

    /// The status menu's options, the chosen one selected.
    var statusOptions: [[String: Any]] {
        StationStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == status] }
    }
}
