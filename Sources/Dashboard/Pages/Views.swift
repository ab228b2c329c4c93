import Foundation
import Presentation
import SessionEngine
import SessionStore

/// The values each page's template shows, built from the store's listings. Every text goes to a
/// `{{…}}` of a template, which escapes it.
enum Views {
    /// One action button (or form) on a tile, a session or a computer.
    static func action(_ verb: Verb, target: String, returnTo: String) -> [String: Any] {
        var values: [String: Any] = ["verb": verb.rawValue, "target": target, "label": ActionCatalog.label(verb), "returnTo": returnTo]
        switch verb.row.argument {
        case .text: values["needsText"] = true
        case .blockOptions: values["needsMessage"] = true
        case .powerOptions: values["takesDelay"] = true
        case .reason, .station: break
        }
        return values
    }

    /// The verbs of `verbs` the account may use, as action forms.
    static func actions(_ verbs: [Verb], target: String, account: Account, returnTo: String) -> [[String: Any]] {
        verbs.filter { account.role.allows($0) }.map { action($0, target: target, returnTo: returnTo) }
    }

    /// What can be done to a session in its state (before the role's filter).
    static func sessionVerbs(_ session: Session) -> [Verb] {
        switch session.state {
        case .active: return [.lock, .message, .suspend, .terminate]
        case .locked: return [.unlock, .message, .suspend, .terminate]
        case .suspended: return [.message, .terminate]
        case .ended: return []
        }
    }

    static func sessionActions(_ session: Session, account: Account, returnTo: String) -> [[String: Any]] {
        actions(sessionVerbs(session), target: String(session.id), account: account, returnTo: returnTo)
    }

    /// `12m 03s`.
    static func age(since date: Date, now: Date) -> String {
        Durations.format(max(0, Int(now.timeIntervalSince(date))))
    }

    static func computerRow(_ info: ComputerInfo, now: Date) -> [String: Any] {
        [
            "name": info.computer.name, "power": info.computer.power.rawValue, "stations": info.stations,
            "sessions": info.sessions, "shutdown": scheduledText(info.computer) ?? "",
        ]
    }

    static func scheduledText(_ computer: Computer) -> String? {
        computer.scheduled.map { scheduled in
            "\(scheduled.restart ? "Restart" : "Shutdown") scheduled at \(scheduled.at.iso8601)"
                + (scheduled.message.map { ": \($0)" } ?? "")
        }
    }

    static func event(_ event: Event) -> [String: Any] {
        var values: [String: Any] = [
            "seq": event.seq ?? 0, "at": event.at.iso8601, "event": event.name.rawValue, "sentence": Render.sentence(event),
            "actor": event.actor.rawValue, "reason": event.reason ?? "",
        ]
        if let session = event.session { values["session"] = session }
        return values
    }
}
