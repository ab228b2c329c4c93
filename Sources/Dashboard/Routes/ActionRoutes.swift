import Foundation
import Hummingbird
import Presentation
import SessionEngine

/// `GET /actions/preview` (a dry run: what the action would do, with a confirm button; a GET
/// because it changes nothing, so the pages' action forms need no CSRF token; `POST` works too)
/// and `POST /actions/run` (does it, with the CSRF token of the confirm form, then back to the
/// page it came from). Both through ``ActionRequest``; a refusal shows the engine's message and
/// changes nothing.
struct ActionRoutes {
    let dashboard: Dashboard

    func add(to router: Router<DashboardContext>) {
        router.get("/actions/preview") { request, context in
            try await preview(context, form: FormFields(parsing: request.uri.query ?? ""))
        }
        router.post("/actions/preview") { request, context in try await preview(context, form: context.form ?? FormFields()) }
        router.post("/actions/run") { request, context in try await run(context) }
    }

    private func preview(_ context: DashboardContext, form: FormFields) async throws -> Response {
        let identity = try context.requireIdentity()
        let returnTo = Routing.localPath(form["return"])
        let action = try ActionRequest(form: form)
        let lab = dashboard.lab
        let result = await Result(catching: { try await Blocking.run { try action.perform(as: identity.account, in: lab, dryRun: true) } })
        var values: [String: Any] = [
            "returnTo": returnTo, "label": ActionCatalog.label(action.verb),
            "fields": (action.fields + [("return", returnTo)]).map { ["name": $0.0, "value": $0.1] },
        ]
        let status: HTTPResponse.Status
        switch result {
        case .success(let outcome):
            let consequences = Consequences(outcome)
            values["heading"] = "\(ActionCatalog.label(action.verb)): please confirm"
            values["summary"] = consequences.summary
            if let loss = consequences.loss { values["lossWarning"] = loss }
            values["sentences"] = outcome.events.map(Render.wouldHave)
            values["skipped"] = outcome.skipped.map { ["target": $0.target, "reason": $0.reason] }
            values["hasSkipped"] = !outcome.skipped.isEmpty
            values["confirmable"] = !outcome.events.isEmpty
            status = .ok
        case .failure(let error):
            let failure = ErrorReply(error)
            values["heading"] = "\(ActionCatalog.label(action.verb)): refused"
            values["refusal"] = failure.message
            status = failure.status
        }
        return .html(dashboard.pages.page("preview", title: "Confirm", values, identity: identity), status: status)
    }

    private func run(_ context: DashboardContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = context.form ?? FormFields()
        let action = try ActionRequest(form: form)
        let lab = dashboard.lab
        let outcome = try await Blocking.run { try action.perform(as: identity.account, in: lab, dryRun: false) }
        dashboard.feed.nudge()
        let done = outcome.events.count
        let returnTo = Routing.localPath(form["return"])
        let separator = returnTo.contains("?") ? "&" : "?"
        return .redirect(to: returnTo + separator + "done=\(done)&skipped=\(outcome.skipped.count)")
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
