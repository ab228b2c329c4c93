import SessionEngine

/// The verbs the dashboard offers, with their button labels: every verb of ``Verb`` but what only
/// a user does at a station (sign in, disconnect, activity). One table for the pages, the API and
/// the docs.
enum ActionCatalog {
    static let labels: [Verb: String] = [
        .lock: "Lock", .unlock: "Unlock", .signOut: "Sign out", .suspend: "Suspend", .terminate: "End",
        .message: "Message", .suspendStation: "Suspend", .block: "Block", .unblock: "Unblock",
        .suspendAll: "Suspend all", .endAll: "End all", .blockAll: "Block all", .unblockAll: "Unblock all",
        .messageAll: "Message all", .shutdown: "Shut down", .restart: "Restart", .cancelShutdown: "Cancel the shutdown",
        .start: "Start",
    ]

    static func isOffered(_ verb: Verb) -> Bool { labels[verb] != nil }

    static func label(_ verb: Verb) -> String { labels[verb] ?? verb.rawValue }

    /// The offered verb names, for error messages and the OpenAPI document's enum.
    static var names: [String] { Verb.allCases.filter(isOffered).map(\.rawValue) }
}
