import Lua

/// A problem in the config file or a file it names, always with the file and, when known, the line.
///
/// Callers switch on ``code``; the message says what is wrong and what is allowed.
///
/// ```swift
/// do { _ = try ConfigLocation.config(explicit: nil, environment: env) }
/// catch let error where error.code == .notFound { … }   // no config yet: not an error for `help`
/// ```
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// A mistake in the file: a value, a name, a setting, Lua syntax.
        case invalid
        /// No config was found where it was looked for (none was named).
        case notFound
        /// The config named by `--config` or `$STATIONKEEPER_CONFIG` does not exist.
        case noSuchFile
        /// The file exists but cannot be read.
        case unreadable
        /// A policy or plugin the config enables has no file.
        case missingPolicy
        /// Lua could not start for a file (out of memory).
        case luaUnavailable
        /// The daemon's saved state (timers, health) could not be read from the store.
        case unreadableState
    }

    public var code: Code
    public var message: String
    public var location: LuaLocation?
    /// Further problems found in the same run (a config or a `policy` line with several mistakes):
    /// `policies check` lists them all; other commands name the first and count the rest.
    public var more: [Further] = []

    /// One of ``more``: its message and where.
    public struct Further: Sendable {
        public var message: String
        public var location: LuaLocation?
        public var code: Code
    }

    /// This problem and the ones after it.
    public var all: [ConfigError] {
        [ConfigError(message, at: location, code: code)] + more.map { ConfigError($0.message, at: $0.location, code: $0.code) }
    }

    public init(_ message: String, at location: LuaLocation? = nil, code: Code = .invalid) {
        self.code = code
        self.message = message
        self.location = location
    }

    public init(_ code: Code, _ message: String, at location: LuaLocation? = nil) {
        self.init(message, at: location, code: code)
    }

    /// `path:line: message`, the shape of Lua's own errors.
    public var description: String {
        let others = more.isEmpty ? "" : " (and \(more.count) more problem(s): 'stationctl policies check' lists them all)"
        guard let location else { return message + others }
        return (message.hasPrefix("\(location.file):") ? message : "\(location): \(message)") + others
    }

    /// The first of `problems` carrying the others; `nil` when there are none.
    public static func combining(_ problems: [ConfigError]) -> ConfigError? {
        guard var first = problems.first else { return nil }
        first.more = problems.dropFirst().flatMap { problem in
            problem.all.map { Further(message: $0.message, location: $0.location, code: $0.code) }
        }
        return first
    }

    /// A Lua error from loading a config or policy file, keeping its file and line.
    public init(_ error: LuaError) {
        self.init(error.message, at: error.location)
    }
}
