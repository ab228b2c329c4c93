import Foundation
import Mustache

/// The HTML pages: Mustache templates compiled into the binary (`Templates/*.mustache`), each
/// page's body rendered into `layout`. Every `{{value}}` is HTML-escaped by Mustache; only the
/// rendered body goes in unescaped (`{{{body}}}`), so user names, messages, block texts and
/// policy errors always show as text.
struct Pages: Sendable {
    private let library: MustacheLibrary

    /// The templates by name, as `{{> name}}` and ``render(_:_:)`` know them.
    private static let sources: [(name: String, bytes: [UInt8])] = [
        ("layout", PackageResources.layout_mustache), ("login", PackageResources.login_mustache),
        ("error", PackageResources.error_mustache), ("computers", PackageResources.computers_mustache),
        ("computer", PackageResources.computer_mustache), ("action", PackageResources.action_mustache),
        ("session", PackageResources.session_mustache), ("events", PackageResources.events_mustache),
        ("journal", PackageResources.journal_mustache), ("policies", PackageResources.policies_mustache),
        ("simulate", PackageResources.simulate_mustache), ("preview", PackageResources.preview_mustache),
        ("stations", PackageResources.stations_mustache),
    ]

    init() throws {
        var library = MustacheLibrary()
        for source in Self.sources {
            try library.register(String(decoding: source.bytes, as: UTF8.self), named: source.name)
        }
        self.library = library
    }

    /// One template with its values (`[String: Any]` of strings, numbers, booleans, arrays and
    /// dictionaries; a missing key is an empty section).
    func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }

    /// A whole page: `name`'s body inside the layout, with the navigation for `identity`.
    /// - Parameter liveAfter: the page listens to the event stream from this journal seq (one it
    ///   was rendered at or before, so no commit falls between the page and the stream) and
    ///   refreshes its `data-live` parts; `nil` for a page that does not change.
    func page(
        _ name: String, title: String, _ values: [String: Any], identity: Identity?, liveAfter: Int64? = nil, notice: String? = nil
    ) -> String {
        var values = values
        values["csrf"] = identity?.csrf ?? ""
        let body = render(name, values)
        var layout: [String: Any] = ["title": title, "body": body]
        if let liveAfter { layout["liveEvents"] = "/events?after=\(liveAfter)" }
        if let identity {
            layout["account"] = ["name": identity.account.name, "role": identity.account.role.rawValue, "csrf": identity.csrf]
        }
        if let notice { layout["notice"] = notice }
        return render("layout", layout)
    }

    func errorPage(heading: String, message: String, identity: Identity?, back: String? = nil) -> String {
        var values: [String: Any] = ["heading": heading, "message": message]
        if let back { values["back"] = back }
        return page("error", title: heading, values, identity: identity)
    }
}
