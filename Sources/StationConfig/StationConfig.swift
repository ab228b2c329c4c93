import Foundation
import Lua
import SchoolCalendar
import SessionEngine

/// What a `stationkeeper.lua` describes.
///
/// ```lua
/// computer "LAB-1" { stations = 4 }                  -- LAB-1/1 … LAB-1/4
/// computer "LAB-2" { stations = { "front", "back" } } -- LAB-2/front, LAB-2/back
/// store = "/var/lib/stationkeeper/state.db"           -- optional
/// ```
public struct StationConfig: Sendable {
    /// The file it was read from.
    public var path: String
    /// Its computers and stations; empty when the config came from the cache (``layoutIsLoaded``
    /// false): ``loadedLayout()`` reads them then.
    public var layout: LabLayout {
        didSet {
            layoutFingerprint = layout.fingerprint
            layoutIsLoaded = true
        }
    }
    /// ``LabLayout/fingerprint`` of the layout, also when it is not loaded.
    public internal(set) var layoutFingerprint: String
    public internal(set) var layoutIsLoaded = true
    /// `store = "…"`, resolved against the config's folder; `nil` when not set.
    public var storePath: String?
    /// `policy "NAME" { … }` lines, in config order (the order hooks run in).
    public var policies: [Declaration] = []
    /// `plugin "NAME" { … }` lines, in config order.
    public var plugins: [Declaration] = []
    /// `protect { users = { … } }`: no policy action touches these users' sessions.
    public var protectedUsers: [String] = []
    /// `limit { policy_actions_per_minute = N }`; ``defaultPolicyActionsPerMinute`` unless the config says.
    public var policyActionsPerMinute: Int? = StationConfig.defaultPolicyActionsPerMinute

    /// `limit { policy_instructions_per_call = N }`: a larger instruction budget for each call of
    /// a policy (a district's nightly loop over 5,000 computers); `nil` keeps ``PolicyLimits``'s.
    public var policyInstructionsPerCall: Int?

    /// `calendar { … }`: the school's periods, terms and holidays; `nil` when the config has none.
    public var calendar: CalendarSettings?

    /// The school calendar, its `.ics` file read now; `nil` without `calendar { … }`.
    public func schoolCalendar() throws(ConfigError) -> SchoolCalendar? {
        try calendar?.build()
    }

    /// The computer declared `seats = "logind"`: the machine the daemon runs on, whose stations
    /// are its logind seats. At most one.
    public var logindComputer: LogindComputer?

    /// `computer "LAB-1" { seats = "logind", remote_stations = 4 }`.
    public struct LogindComputer: Sendable, Codable, Equatable {
        public var name: String
        /// How many stations seat-less graphical sessions (xrdp) may take: `remote-1` … `remote-N`.
        /// 0: such sessions are not Stationkeeper's.
        public var remoteStations: Int

        public init(name: String, remoteStations: Int = 0) {
            self.name = name
            self.remoteStations = remoteStations
        }

        /// `remote-1` … `remote-N`.
        public var remoteStationNames: [String] { (0..<remoteStations).map { "remote-\($0 + 1)" } }
    }

    /// How many actions policies may take together in a minute when the config sets no `limit`.
    public static let defaultPolicyActionsPerMinute = 1000
    /// `nologin_before_shutdown = "5m"`: how long before a scheduled shutdown sign-ins are refused.
    public var nologinWindow: Int = 300

    /// A config with only a layout: everything else at its defaults.
    public init(path: String, layout: LabLayout, storePath: String? = nil) {
        self.path = path
        self.layout = layout
        self.layoutFingerprint = layout.fingerprint
        self.storePath = storePath
    }

    /// The layout, read from the file again when this config came from the cache.
    public func loadedLayout() throws(ConfigError) -> LabLayout {
        if layoutIsLoaded { return layout }
        return try Self.load(path: path, cached: false).layout
    }

    /// The guards the engine applies whatever a policy does.
    public var rules: EngineRules {
        EngineRules(
            protectedUsers: Set(protectedUsers), nologinWindow: TimeInterval(nologinWindow), logindComputer: logindComputer?.name)
    }

    /// A `policy` or `plugin` line: which one, its settings as written, and where.
    public struct Declaration: Sendable, Codable {
        public var name: String
        /// The settings table as written, without `allow` (plugins' capabilities).
        public var settings: [String: SettingValue]
        /// Capabilities granted to a plugin (`allow = { "exec" }`).
        public var allow: [String]
        public var location: LuaLocation?
    }

    /// Reads and checks a config file.
    /// - Throws: ``ConfigError`` naming the file and line.
    ///
    /// A config read before with the same bytes comes from ``ConfigCache`` without running it again
    /// (its layout is then read only if ``loadedLayout()`` is asked for); `cached: false` always runs it.
    /// - Parameters:
    ///   - cached: read the config from the cache when its bytes are those cached.
    ///   - keeping: write the parsed config to the cache (commands that write; listings only read).
    public static func load(path: String, cached: Bool = true, keeping: Bool = true) throws(ConfigError) -> StationConfig {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(.unreadable, "cannot read the config \(path): \(error.localizedDescription)")
        }
        let digest = ConfigCache.digest(bytes)
        if cached, let config = ConfigCache.read(configPath: path, digest: digest) { return config }
        guard let source = String(data: bytes, encoding: .utf8) else {
            throw ConfigError(.unreadable, "cannot read the config \(path): it is not UTF-8 text")
        }
        let config = try parse(source, path: path)
        if cached, keeping { ConfigCache.write(config, digest: digest) }
        return config
    }

    /// Checks config text as if read from `path`.
    public static func parse(_ source: String, path: String) throws(ConfigError) -> StationConfig {
        let (config, problems) = parseCollecting(source, path: path)
        if let combined = ConfigError.combining(problems) { throw combined }
        guard let config else { throw ConfigError("\(path): the config could not be read") }
        return config
    }

    /// Reads a config for `policies check`: every problem found in one run, and the config made of
    /// the statements that were accepted (`nil` when the file could not run to its end).
    public static func loadCollecting(path: String) -> (config: StationConfig?, problems: [ConfigError]) {
        do {
            return parseCollecting(try String(contentsOfFile: path, encoding: .utf8), path: path)
        } catch {
            return (nil, [ConfigError(.unreadable, "cannot read the config \(path): \(error.localizedDescription)")])
        }
    }

    private static func parseCollecting(_ source: String, path: String) -> (config: StationConfig?, problems: [ConfigError]) {
        let reader = ConfigReader(path: path)
        do {
            let state = try LuaState(limits: LuaLimits(memoryBytes: 16 << 20, instructionsPerCall: 5_000_000))
            defer { state.close() }
            reader.install(in: state)
            // Work whose cost grows with data inside one VM instruction (`..` of large strings) is
            // not bounded by the instruction budget alone: the config also gets 2 s of wall clock.
            _ = try LuaDeadline.run(state, seconds: 2) { try state.run(source, path: path) }
            var config = StationConfig(
                path: path, layout: try reader.layout(),
                storePath: try storePath(state.global("store"), path: path))
            try reader.apply(to: &config, nologin: state.global("nologin_before_shutdown"))
            return (config, reader.problems)
        } catch let error as LuaError {
            // A statement refused before the error that stopped the run comes first.
            return (nil, reader.problems + [ConfigError(error)])
        } catch let error as ConfigError {
            // After a refused statement, what the layout then lacks follows from it: not said again.
            return (nil, reader.problems.isEmpty ? error.all : reader.problems)
        } catch {
            return (nil, reader.problems + [ConfigError("\(path): \(error)")])
        }
    }

    private static func storePath(_ value: LuaValue, path: String) throws(ConfigError) -> String? {
        switch value {
        case .nil: return nil
        case .string(let text) where !text.isEmpty:
            // A district's PostgreSQL, taken as written (a relative file is relative to the config).
            if text.hasPrefix("/") || text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") { return text }
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(text).standardized.path
        default:
            throw ConfigError(
                "\(path): store must be a file path or a PostgreSQL URL string, for example store = \"/var/lib/stationkeeper/state.db\" or store = \"postgresql://stationkeeper@db.district.example/stationkeeper\", not a \(value.typeName)"
            )
        }
    }
}
