/// One problem `stationctl policies check` found in a policy or plugin file: where, how bad, which
/// kind, and what to do.
///
/// ```swift
/// let problems = PolicyChecker.check(file: "policies/mine.lua", kind: .policy)
/// problems.first?.description  // "policies/mine.lua:3:17: error: unknown name 'sesions' — did you mean 'sessions'?"
/// ```
public struct PolicyProblem: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// The file does not load, or a run would fail or do what was not meant.
        case error
        /// Most likely a mistake, but the file runs (an unused local, unreachable code).
        case warning
    }

    /// The kinds of problem, for `--json` and for the docs' table (docs/policies.md, "What check catches").
    public enum Code: String, Sendable, CaseIterable {
        case syntax, load, config
        case unknownName = "unknown-name"
        case unknownField = "unknown-field"
        case unknownMethod = "unknown-method"
        case unknownSetting = "unknown-setting"
        case badArgument = "bad-argument"
        case apiOverwrite = "api-overwrite"
        case globalWrite = "global-write"
        case unusedLocal = "unused-local"
        case unusedLoopVariable = "unused-loop-variable"
        case shadowedAPI = "shadowed-api"
        case unreachable
        case maybeNil = "maybe-nil"
        case absentEventField = "absent-event-field"
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var code: Code
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity, code: Code, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `file:line:column: error: message`, as compilers and luacheck print them.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.file, a.line, a.column, a.severity == .error ? 0 : 1, a.message) < (
            b.file, b.line, b.column, b.severity == .error ? 0 : 1, b.message
        )
    }
}
