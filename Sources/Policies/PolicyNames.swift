import SessionEngine

/// The names a policy's Lua may use beyond its own, in one place: the prelude's strict tables,
/// `policies check` and the docs' tests all read them from here.
///
/// ```swift
/// PolicyNames.session.fields      // ["computer", "id", "idle_seconds", …]
/// PolicyNames.computer.methods    // ["block_all", "cancel_shutdown", …, "sessions", "stations", …]
/// ```
public enum PolicyNames {
    /// The fields and methods of one kind of table the API hands to policies.
    public struct Shape: Sendable {
        /// How messages name it: "session", "event".
        public let what: String
        /// Every field it may carry; a field whose value is absent reads as `nil`, not as an error.
        public let fields: [String]
        /// Its methods, called with `:`.
        public let methods: [String]

        public var names: [String] { (fields + methods).sorted() }

        /// "fields: a, b; methods: c, d", for messages.
        public var listing: String {
            let parts = [("fields", fields), ("methods", methods)].filter { !$1.isEmpty }
            return parts.map { "\($0): \($1.joined(separator: ", "))" }.joined(separator: "; ")
        }
    }

    public static let session = Shape(
        what: "session",
        fields: [
            "computer", "id", "idle_seconds", "in_state_seconds", "last_activity", "started_at", "state", "state_since",
            "station", "suspended_by", "user",
        ],
        methods: verbMethods(on: .session))

    public static let station = Shape(
        what: "station", fields: ["computer", "id", "message", "name", "session", "status", "user"],
        methods: verbMethods(on: .station))

    public static let computer = Shape(
        what: "computer",
        fields: ["name", "power", "session_count", "shutdown_at", "shutdown_kind", "shutdown_message", "station_count"],
        methods: (verbMethods(on: .computer) + ["sessions", "stations"]).sorted())

    /// The table a hook receives.
    public static let event = Shape(
        what: "event",
        fields: ["actor", "at", "computer", "detail", "from", "name", "reason", "seq", "session", "station", "to", "user"],
        methods: [])

    /// The table a plugin's notifier receives.
    public static let message = Shape(
        what: "message", fields: ["actor", "at", "computer", "session", "station", "text", "user"], methods: [])

    /// The keys `sessions{…}` and `computer:sessions{…}` accept.
    public static let sessionFilters = ["computer", "idle_longer_than", "in_state_longer_than", "state", "user"]
    /// The keys `stations{…}` and `computer:stations{…}` accept.
    public static let stationFilters = ["computer", "status"]
    /// Filter keys whose value is a duration.
    public static let durationFilters: Set<String> = ["idle_longer_than", "in_state_longer_than"]

    /// The keys `at(time, fn, options)` accepts.
    public static let atOptions = ["days", "grace"]

    /// The global that survives restarts (see docs/policies.md, "Remembering").
    public static let memory = "memory"

    /// The globals the policy API adds to Lua's (a test compares them with a loaded runtime's).
    public static func apiGlobals(for kind: PolicyKind) -> [String] {
        let policy = [
            "actions", "after", "at", "at_period", "calendar", "computer", "computers", "defaults", "duration", "every", "log", memory,
            "now", "on",
            "session", "sessions", "settings", "station", "stations",
        ]
        return kind == .policy ? policy : (policy + ["action", "command", "exec", "notifier"]).sorted()
    }

    /// `log.info`, `log.warn`, `log.error`.
    public static let logLevels = ["error", "info", "warn"]

    /// The fields an event of `name` can carry; the others of ``event`` are always `nil` for it.
    public static func eventFields(for name: EventName) -> [String] {
        let common = ["actor", "at", "detail", "name", "reason", "seq"]
        switch name.subject {
        case .session: return (common + ["computer", "from", "session", "station", "to", "user"]).sorted()
        case .station: return (common + ["computer", "from", "session", "station", "to", "user"]).sorted()
        case .power: return (common + ["computer", "from", "to"]).sorted()
        case .schedule: return (common + ["computer", "to"]).sorted()
        case nil: return event.fields
        }
    }

    /// Lua's names the sandbox leaves out, and what to say when a policy reaches for one.
    public static let leftOut: [String: String] = [
        "io": "policies cannot open files: keep what must last in memory, or let a plugin do it",
        "require": "policies cannot load modules: one policy is one file",
        "package": "policies cannot load modules: one policy is one file",
        "dofile": "policies cannot run other files: one policy is one file",
        "loadfile": "policies cannot run other files: one policy is one file",
        "debug": "the debug library is not available to policies",
        "string.dump": "policies cannot dump functions",
        "os.execute": "policies cannot run programs: a plugin granted allow = { \"exec\" } can, with exec{…}",
        "os.exit": "policies cannot exit the daemon",
        "os.getenv": "policies cannot read the environment: give values as settings",
        "os.remove": "policies cannot touch files",
        "os.rename": "policies cannot touch files",
        "os.tmpname": "policies cannot touch files",
        "os.setlocale": "policies cannot change the locale",
    ]

    private static func verbMethods(on target: Verb.Target) -> [String] {
        Verb.methods(on: target).map(\.method).sorted()
    }
}

/// The messages for a name that is not known, shared by the run-time strict tables and `policies check`.
extension PolicyNames {
    /// "unknown name 'sesions' — did you mean 'sessions'?"
    public static func unknownGlobal(_ name: String, known: [String]) -> String {
        if let why = leftOut[name] { return "unknown name '\(name)': \(why)" }
        let hint = NameSuggestion.hint(for: name, in: known)
        return
            "unknown name '\(name)'\(hint.isEmpty ? ": nothing in the API or in this file sets it (check the spelling, or declare it: local \(name) = …)" : hint)"
    }

    /// "os has no 'execute': policies cannot run programs …", "string has no 'formt' — did you mean 'format'?"
    public static func unknownLibraryField(_ library: String, _ key: String, known: [String]) -> String {
        if let why = leftOut["\(library).\(key)"] { return "\(library) has no '\(key)': \(why)" }
        return
            "\(library) has no '\(key)'\(NameSuggestion.hint(for: key, in: known)) (\(library) has: \(known.sorted().joined(separator: ", ")))"
    }

    /// "settings has no 'aftre' — did you mean 'after'? (declared: after, message, staff)"
    public static func unknownSetting(_ key: String, declared: [String]) -> String {
        guard !declared.isEmpty else {
            return "settings has no '\(key)': this file declares no settings (declare it with defaults{ \(key) = … })"
        }
        return
            "settings has no '\(key)'\(NameSuggestion.hint(for: key, in: declared)) (declared: \(declared.sorted().joined(separator: ", ")))"
    }

    /// "session has no 'usr' — did you mean 'user'? (fields: …; methods: …)"
    public static func unknownMember(_ key: String, of shape: Shape) -> String {
        "\(shape.what) has no '\(key)'\(NameSuggestion.hint(for: key, in: shape.names)) (\(shape.listing))"
    }

    /// The shapes by the name messages use.
    public static let shapes: [String: Shape] = Dictionary(
        uniqueKeysWithValues: [session, station, computer, event, message].map { ($0.what, $0) })
}
