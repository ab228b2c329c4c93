import Foundation
import SessionEngine
import SessionStore

/// The station tiles, written straight to HTML: a lab's every-station page has thousands, too
/// many for the template engine's per-value lookups. Every text goes through ``escape(_:)``, the
/// same five characters Mustache escapes.
///
/// Each tile's actions are GET forms to `/actions/preview` (a dry run, which changes nothing, so
/// it needs no CSRF token; the preview's confirm form carries it): one form with a button per
/// plain verb, one with the text a message needs, one for blocking with its message.
enum TileHTML {
    static func escape(_ text: String) -> String {
        guard
            text.utf8.contains(where: {
                [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains($0)
            })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The tiles of `stations`, in order.
    static func tiles(_ stations: [StationInfo], sessions: [Int64: Session], account: Account, now: Date, returnTo: String) -> String {
        var out = ""
        out.reserveCapacity(stations.count * 900)
        let back = escape(returnTo)
        for info in stations {
            tile(info, session: info.session.flatMap { sessions[$0] }, account: account, now: now, returnTo: back, into: &out)
        }
        return out
    }

    private static func tile(_ info: StationInfo, session: Session?, account: Account, now: Date, returnTo: String, into out: inout String)
    {
        let id = escape(info.station.id.description)
        let status = info.status.rawValue
        out += "<article class=\"tile status-\(status)\" data-station=\"\(id)\" data-status=\"\(status)\"><h3>"
        if let session {
            out +=
                "<input type=\"checkbox\" name=\"target\" value=\"\(session.id)\" form=\"select-message\" aria-label=\"select session \(session.id)\"> "
        }
        out += escape(info.station.id.name) + "</h3><p><span class=\"status\">\(status)</span></p>"
        if let session {
            out +=
                "<p><span class=\"user\">\(escape(session.user))</span> · <a href=\"/sessions/\(session.id)\">session \(session.id)</a></p>"
            out += "<p><span class=\"state\">\(session.state.rawValue)</span> for \(Views.age(since: session.stateSince, now: now))"
            out += " · idle \(Durations.format(session.idleSeconds(at: now)))</p>"
        } else {
            out += "<p><span class=\"user\"></span><span class=\"state\">no session</span></p>"
        }
        if let message = info.station.blockMessage { out += "<p class=\"block-message\">\(escape(message))</p>" }
        out += "<div class=\"tile-actions\">"
        if let session {
            let verbs = Views.sessionVerbs(session).filter { account.role.allows($0) }
            let plain = verbs.filter { $0.row.argument == .reason }
            if !plain.isEmpty {
                form(verbs: plain, target: String(session.id), returnTo: returnTo, into: &out)
            }
            if verbs.contains(.message) {
                form(
                    verbs: [.message], target: String(session.id), returnTo: returnTo,
                    input: "<input name=\"text\" required placeholder=\"Message\">", into: &out)
            }
        }
        if info.station.isBlocked {
            if account.role.allows(.unblock) { form(verbs: [.unblock], target: id, returnTo: returnTo, into: &out) }
        } else if account.role.allows(.block) {
            form(
                verbs: [.block], target: id, returnTo: returnTo, input: "<input name=\"message\" placeholder=\"Block message\">", into: &out
            )
        }
        out += "</div></article>\n"
    }

    /// A GET form to the preview with one button per verb (`target` is already escaped).
    private static func form(verbs: [Verb], target: String, returnTo: String, input: String = "", into out: inout String) {
        let names = verbs.map(\.rawValue).joined(separator: " ")
        out += "<form class=\"action\" data-verb=\"\(names)\" method=\"get\" action=\"/actions/preview\">"
        out += "<input type=\"hidden\" name=\"target\" value=\"\(target)\"><input type=\"hidden\" name=\"return\" value=\"\(returnTo)\">"
        out += input
        for verb in verbs {
            out += "<button type=\"submit\" name=\"verb\" value=\"\(verb.rawValue)\">\(ActionCatalog.label(verb))…</button>"
        }
        out += "</form>"
    }
}
