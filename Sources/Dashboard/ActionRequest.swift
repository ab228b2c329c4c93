import Foundation
import SessionEngine
import SessionStore

/// One action asked for from a form or the API: a verb of ``ActionCatalog``, its targets, and
/// what it carries. It becomes engine ``Command``s checked against the account's role, and runs
/// through `SessionStore.perform`, the same path as `stationctl`, so refusals read the same.
///
/// ```swift
/// let action = try ActionRequest(form: FormFields(parsing: "verb=block&target=LAB-1%2F3&message=Exam"))
/// let outcome = try action.perform(as: account, in: lab, dryRun: true)   // the preview
/// ```
struct ActionRequest: Sendable {
    var verb: Verb
    /// Sessions (`12`, `alice@LAB-1`), stations (`LAB-1/3`) or computers (`LAB-1`, `*` for every
    /// one the account may act on), as ``verb`` takes.
    var targets: [String]
    var text: String?
    var message: String?
    var reason: String?
    /// A shutdown's or restart's delay (`15m`); none acts now.
    var delay: String?

    init(verb: String, targets: [String], text: String?, message: String?, reason: String?, delay: String?) throws {
        guard let known = Verb(rawValue: verb), ActionCatalog.isOffered(known) else {
            throw DashboardError.badRequest("'\(verb)' is not an action: use one of \(ActionCatalog.names.joined(separator: ", "))")
        }
        let targets = targets.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !targets.isEmpty else {
            throw DashboardError.badRequest("\(verb) needs a target: \(Self.targetHelp(known.row.target))")
        }
        self.verb = known
        self.targets = targets
        self.text = text
        self.message = message
        self.reason = reason
        self.delay = delay
    }

    init(form: FormFields) throws {
        try self.init(
            verb: form["verb"] ?? "", targets: form.all("target"), text: form.nonEmpty("text"), message: form.nonEmpty("message"),
            reason: form.nonEmpty("reason"), delay: form.nonEmpty("delay").flatMap { $0 == "now" ? nil : $0 })
    }

    /// The fields that make this request again (the preview's confirm form).
    var fields: [(name: String, value: String)] {
        var fields = [("verb", verb.rawValue)] + targets.map { ("target", $0) }
        for (name, value) in [("text", text), ("message", message), ("reason", reason), ("delay", delay)] {
            if let value { fields.append((name, value)) }
        }
        return fields
    }

    /// Runs it (or, with `dryRun`, says what it would do) as `account`, one engine command after
    /// another; the outcomes are put together.
    /// - Throws: ``DashboardError/forbidden(_:)`` when the role or the account's computers do not
    ///   allow it (nothing ran), or the engine's own error.
    func perform(as account: Account, in lab: Lab, dryRun: Bool) throws -> Outcome {
        let now = lab.now
        let commands = try self.commands(for: account, store: lab.store, now: now)
        var total = Outcome()
        for command in commands {
            let outcome = try lab.store.perform(
                command, actor: DashboardActor.actor(for: account), reason: reason, at: now, dryRun: dryRun, rules: lab.config.rules)
            total.events += outcome.events
            total.skipped += outcome.skipped
        }
        return total
    }

    /// The engine commands, after the role check.
    func commands(for account: Account, store: SessionStore, now: Date) throws -> [Command] {
        guard account.role.allows(verb) else {
            let allowed = Verb.allCases.filter { AccountRole.teacherVerbs.contains($0) }.map(\.rawValue)
            throw DashboardError.forbidden(
                "a teacher may not \(verb.rawValue): a teacher may only \(allowed.joined(separator: ", ")), on their computers")
        }
        let delaySeconds = try delay.map { text throws(EngineError) in try Durations.seconds(text) }
        switch verb.row.target {
        case .session:
            let refs = try targets.map { text throws(EngineError) in try SessionRef(parsing: text) }
            for ref in refs { try authorize(account, on: try computer(of: ref, store: store)) }
            switch verb {
            case .message: return [.message(refs, text: try requiredText())]
            case .suspend: return [.suspend(refs)]
            case .terminate: return [.end(refs)]
            default: return try refs.map { try verb.command(VerbInput(target: .session($0), reason: reason), now: now) }
            }
        case .station:
            let ids = try targets.map { text throws(EngineError) in try StationID(parsing: text) }
            for id in ids { try authorize(account, on: id.computer) }
            switch verb {
            case .block: return [.block(ids, message: message ?? Command.defaultBlockMessage)]
            case .unblock: return [.unblock(ids)]
            default: return try ids.map { try verb.command(VerbInput(target: .station($0), reason: reason), now: now) }
            }
        case .computer:
            if targets == ["*"] {
                if account.role == .admin, verb == .messageAll { return [.messageAll(computer: nil, text: try requiredText())] }
                if account.role == .admin, verb == .endAll { return [.endAll(computer: nil)] }
                let names = account.role == .admin ? try store.computerNames() : account.computers
                return try names.map { try command(on: $0, now: now, delay: delaySeconds) }
            }
            for name in targets { try authorize(account, on: name) }
            return try targets.map { try command(on: $0, now: now, delay: delaySeconds) }
        case .user:
            throw DashboardError.badRequest("\(verb.rawValue) is done by a user at a station, not from the dashboard")
        }
    }

    private func command(on computer: String, now: Date, delay: Int?) throws -> Command {
        try verb.command(
            VerbInput(target: .computer(computer), text: text, message: message, reason: reason, delay: delay), now: now)
    }

    private func requiredText() throws -> String {
        guard let text, !text.isEmpty else { throw DashboardError.badRequest("\(verb.rawValue) needs the message text ('text')") }
        return text
    }

    private func computer(of ref: SessionRef, store: SessionStore) throws -> String {
        switch ref {
        case .user(_, let computer): return computer
        case .id: return try store.session(ref).computer
        }
    }

    private func authorize(_ account: Account, on computer: String) throws {
        guard account.covers(computer) else {
            throw DashboardError.forbidden(
                "\(account.name) may act only on \(account.computers.joined(separator: ", ")), not on \(computer)")
        }
    }

    static func targetHelp(_ kind: Verb.Target) -> String {
        switch kind {
        case .session: return "a session number or USER@COMPUTER"
        case .station: return "a station, COMPUTER/STATION"
        case .computer: return "a computer name, or * for every computer"
        case .user: return "a user"
        }
    }
}

/// The journal's actor for an account's actions.
enum DashboardActor {
    static func actor(for account: Account) -> Actor { .admin(account.name) }
}
