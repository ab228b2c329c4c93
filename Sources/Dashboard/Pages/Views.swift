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

    static func sessionActions(_ session: Session, account: Account, returnTo: String) -> [[String: Any]] {
        let verbs: [Verb]
        switch session.state {
        case .active: verbs = [.lock, .message, .suspend, .terminate]
        case .locked: verbs = [.unlock, .message, .suspend, .terminate]
        case .suspended: verbs = [.message, .terminate]
        case .ended: verbs = []
        }
        return actions(verbs, target: String(session.id), account: account, returnTo: returnTo)
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

    /// The station grid's tiles, in the config's order, with what is on each.
    static func tiles(
        _ stations: [StationInfo], sessions: [Int64: Session], account: Account, now: Date, returnTo: String
    ) -> [[String: Any]] {
        stations.map { info in
            let id = info.station.id.description
            var tile: [String: Any] = ["id": id, "stationName": info.station.id.name, "status": info.status.rawValue]
            var actions: [[String: Any]] = []
            if let sessionID = info.session, let session = sessions[sessionID] {
                tile["session"] = [
                    "sessionID": sessionID, "user": session.user, "state": session.state.rawValue,
                    "inState": age(since: session.stateSince, now: now), "idle": Durations.format(session.idleSeconds(at: now)),
                ]
                actions += sessionActions(session, account: account, returnTo: returnTo)
            }
            if let message = info.station.blockMessage {
                tile["blockMessage"] = message
                actions += Self.actions([.unblock], target: id, account: account, returnTo: returnTo)
            } else {
                actions += Self.actions([.block], target: id, account: account, returnTo: returnTo)
            }
            tile["actions"] = actions
            return tile
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
