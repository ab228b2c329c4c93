import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Presentation

/// Small facts every route shares: which paths are the API, how a redirect target is checked,
/// and the responses' shapes.
enum Routing {
    /// The JSON API and the event stream answer in JSON, and 401 rather than a redirect.
    static func isAPI(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/events"
    }

    /// A path of this dashboard to go back to after an action or a login; anything else (another
    /// site, `//host`, a scheme) becomes `/`.
    static func localPath(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return text
    }

    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func pathEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension Response {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.text)))
    }

    /// 303 See Other: after a POST the browser GETs the target.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension HTTPField.Name {
    /// A header name written in this code: a valid token, so parsing it cannot fail.
    static func fixed(_ name: String) -> HTTPField.Name {
        guard let parsed = HTTPField.Name(name) else { preconditionFailure("'\(name)' is not a valid header name") }
        return parsed
    }
}
