import Foundation
import LuaSyntax
import SessionEngine

/// `stationctl policies check`'s static analysis: reads a policy or plugin file without running
/// it and reports what can be known from the text — unknown names, fields, methods and settings,
/// literal arguments the API would refuse, and likely mistakes (unused locals, unreachable code).
///
/// The names come from one source: Lua's from the sandbox itself, the API's from ``PolicyNames``;
/// literal arguments are checked by the same functions the API runs, so the messages are the
/// ones a run would give.
///
/// ```swift
/// for problem in PolicyChecker.check(file: "policies/mine.lua", kind: .policy) { print(problem) }
/// ```
public enum PolicyChecker {
    /// Every problem of one file, sorted.
    public static func check(file: String, kind: PolicyKind) -> [PolicyProblem] {
        guard let data = FileManager.default.contents(atPath: file) else {
            return [PolicyProblem(file: file, line: 1, column: 1, severity: .error, code: .load, message: "cannot read the file")]
        }
        return check(source: String(decoding: data, as: UTF8.self), file: file, kind: kind)
    }

    /// Every problem of `source`, read as the file `file`, sorted.
    public static func check(source: String, file: String, kind: PolicyKind) -> [PolicyProblem] {
        analyze(source: source, file: file, kind: kind).problems
    }

    /// What reading a file found: its problems, and the globals it sets somewhere (the runtime's
    /// strict globals read those as `nil` until they are set, as Lua would).
    public struct Findings: Sendable {
        public var problems: [PolicyProblem]
        public var fileGlobals: Set<String>
    }

    public static func analyze(source: String, file: String, kind: PolicyKind) -> Findings {
        let chunk: Chunk
        do {
            chunk = try LuaParser.parse(source)
        } catch {
            let problem = PolicyProblem(
                file: file, line: error.position.line, column: error.position.column, severity: .error, code: .syntax,
                message: error.message)
            return Findings(problems: [problem], fileGlobals: [])
        }
        // Two passes: the first learns the file's own globals, library additions and settings; the second reports.
        let learning = PolicyAnalysis(file: file, kind: kind, reporting: false)
        learning.chunk(chunk)
        let analysis = PolicyAnalysis(file: file, kind: kind, reporting: true)
        analysis.fileGlobals = learning.fileGlobals
        analysis.libraryAdditions = learning.libraryAdditions
        analysis.settings = learning.settings
        analysis.chunk(chunk)
        return Findings(problems: Array(Set(analysis.problems)).sorted(), fileGlobals: learning.fileGlobals)
    }
}

/// What the analysis knows a value is.
indirect enum ValueKind: Equatable {
    case unknown
    /// A table of one of ``PolicyNames/shapes`` (`session`, `station`, `computer`, `event`, `message`).
    case object(String)
    /// The event table of a hook for a known event.
    case hookEvent(EventName)
    /// A list of values of one kind (`sessions{}`'s result).
    case list(ValueKind)
    case settings
    /// A library table (`string`, `os`, `log`…).
    case library(String)
    /// A function of the API or of Lua, by name (`sessions`, `ipairs`, `string.format`).
    case function(String)
}

/// A local variable, parameter or local function in scope.
final class LocalName {
    enum Role { case variable, parameter, loopVariable, function }

    let name: Name
    let role: Role
    var kind: ValueKind
    var used = false
    /// Why it may be nil ("computer() returns nil when there is no such computer"), until checked.
    var nilBecause: String?
    var warnedNil = false
    /// How deep in functions it was declared (a nil-declared local is only followed in its own function).
    var functionDepth = 0
    /// Its function, for a local function (or `local f = function … end`) passed as a hook later.
    var body: FunctionBody?

    init(_ name: Name, role: Role, kind: ValueKind, nilBecause: String? = nil, body: FunctionBody? = nil) {
        self.name = name
        self.role = role
        self.kind = kind
        self.nilBecause = nilBecause
        self.body = body
    }
}

/// One walk over a file's tree (``PolicyChecker`` makes two).
final class PolicyAnalysis {
    let file: String
    let kind: PolicyKind
    let reporting: Bool
    private(set) var problems: [PolicyProblem] = []
    var scopes: [[String: LocalName]] = []
    /// Globals the file sets somewhere (learned by the first pass).
    var fileGlobals: Set<String> = []
    /// Fields the file adds to libraries (`function string.trim(s) … end`), by library.
    var libraryAdditions: [String: Set<String>] = [:]
    /// How many functions deep the walk is.
    var functionDepth = 0
    /// Function bodies walked again as hooks (by position), so a hook that registers itself ends.
    var rewalking: Set<SourcePosition> = []
    private var warnedGlobals: Set<String> = []

    /// What `defaults{…}` declares: not called, called with a literal table, or with something else.
    enum Settings: Equatable {
        case none
        case declared([String])
        case unknown
    }
    var settings = Settings.none

    let sandbox = SandboxNames.standard
    let apiGlobals: Set<String>

    init(file: String, kind: PolicyKind, reporting: Bool) {
        self.file = file
        self.kind = kind
        self.reporting = reporting
        apiGlobals = Set(PolicyNames.apiGlobals(for: kind))
    }

    func chunk(_ chunk: Chunk) {
        block(chunk.block)
    }

    func report(_ severity: PolicyProblem.Severity, _ code: PolicyProblem.Code, at position: SourcePosition, _ message: String) {
        guard reporting else { return }
        problems.append(
            PolicyProblem(file: file, line: position.line, column: position.column, severity: severity, code: code, message: message))
    }

    // MARK: Names

    func lookup(_ name: String) -> LocalName? {
        for scope in scopes.reversed() {
            if let found = scope[name] { return found }
        }
        return nil
    }

    func declare(_ local: LocalName) {
        let text = local.name.text
        if apiGlobals.contains(text) {
            report(
                .warning, .shadowedAPI, at: local.name.position,
                "local '\(text)' hides the API's \(text) in the rest of this block: give it another name")
        }
        local.functionDepth = functionDepth
        scopes[scopes.count - 1][text] = local
    }

    /// Every global name a read may use: Lua's, the API's and the file's own.
    var knownGlobals: [String] {
        Array((sandbox?.globals ?? []).union(apiGlobals).union(fileGlobals)).sorted()
    }

    func isLibrary(_ name: String) -> Bool {
        name == "log" || SandboxNames.libraryNames.contains(name)
    }

    /// A global read: what it is, or an error when nothing defines it.
    func readGlobal(_ name: Name) -> ValueKind {
        let text = name.text
        if text == "settings" { return .settings }
        if isLibrary(text) { return .library(text) }
        if apiGlobals.contains(text) || fileGlobals.contains(text) || sandbox?.globals.contains(text) == true {
            return .function(text)
        }
        if sandbox != nil {
            report(.error, .unknownName, at: name.position, PolicyNames.unknownGlobal(text, known: knownGlobals))
        }
        return .unknown
    }

    /// A global write: the file defines it (first pass); the second warns, or refuses an API name.
    func writeGlobal(_ name: Name) {
        let text = name.text
        fileGlobals.insert(text)
        guard text != PolicyNames.memory, warnedGlobals.insert(text).inserted else { return }
        if apiGlobals.contains(text) || sandbox?.globals.contains(text) == true {
            report(
                .error, .apiOverwrite, at: name.position,
                "assigning '\(text)' replaces \(apiGlobals.contains(text) ? "the API's" : "Lua's") \(text) for the whole file: use a local with another name"
            )
        } else {
            report(
                .warning, .globalWrite, at: name.position,
                "sets the global '\(text)': make it local (a global is lost at every restart; memory.\(text) is kept)")
        }
    }

    // MARK: Scopes

    func push(_ locals: [LocalName] = []) {
        scopes.append([:])
        for local in locals { declare(local) }
    }

    func pop() {
        guard let scope = scopes.popLast() else { return }
        for local in scope.values.sorted(by: { $0.name.position < $1.name.position }) where !local.used {
            let text = local.name.text
            guard !text.hasPrefix("_") else { continue }
            switch local.role {
            case .parameter: continue
            case .loopVariable:
                report(.warning, .unusedLoopVariable, at: local.name.position, "unused loop variable '\(text)': name it _")
            case .variable:
                report(.warning, .unusedLocal, at: local.name.position, "unused local '\(text)': remove it, or name it _ if it must stay")
            case .function:
                report(.warning, .unusedLocal, at: local.name.position, "unused local function '\(text)': remove it, or call it")
            }
        }
    }
}
