/// A place in a Lua source file.
public struct LuaLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// "file:line"
    public var description: String { "\(file):\(line)" }

    /// Parses a leading "file:line: " as Lua writes it at the start of error messages.
    static func parse(prefixOf message: String) -> LuaLocation? {
        // The first ":<digits>:" whose file part contains no ": " (messages do, paths rarely).
        var index = message.startIndex
        while let colon = message[index...].firstIndex(of: ":") {
            let file = message[..<colon]
            if file.contains(": ") || file.contains("\n") { return nil }
            let afterColon = message.index(after: colon)
            let digits = message[afterColon...].prefix(while: \.isASCII).prefix(while: \.isNumber)
            if !file.isEmpty, !digits.isEmpty, let line = Int(digits),
                message[digits.endIndex...].hasPrefix(":")
            {
                return LuaLocation(file: String(file), line: line)
            }
            index = afterColon
        }
        return nil
    }
}

/// An error from loading or running Lua code.
///
/// `message` is one line and starts with "file:line: " whenever the place is
/// known, e.g. `policy.lua:12: attempt to index a nil value (global 'x')`.
/// Paths longer than about 55 characters are shortened by Lua to "...tail".
public struct LuaError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        /// The source does not compile (or is a binary chunk).
        case syntax
        /// The code raised an error (or a Swift function it called threw).
        case runtime
        /// The instruction budget of the call was exceeded.
        case budget
        /// The state's memory limit was exceeded (or memory ran out).
        case memory
        /// A source file could not be read.
        case file
    }

    public var kind: Kind
    public var message: String
    public var location: LuaLocation?
    /// `stack traceback:` lines from the message handler, for runtime and budget errors.
    public var traceback: String?

    /// Creates an error; `location` defaults to the "file:line: " that starts `message`.
    public init(kind: Kind, message: String, location: LuaLocation? = nil, traceback: String? = nil) {
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.kind = kind
        self.message = oneLine
        self.location = location ?? LuaLocation.parse(prefixOf: oneLine)
        self.traceback = traceback
    }

    public var description: String { message }
}

/// An error a Swift function throws to the Lua code that called it.
///
/// The script sees `message` prefixed with its own "file:line: ", and can
/// catch it with `pcall`. Any other Swift error reaches Lua as
/// `String(describing: error)`, also prefixed.
public struct LuaScriptError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Resource limits of one `LuaState`.
public struct LuaLimits: Sendable, Equatable {
    /// Memory cap for everything the state allocates. Default 32 MiB.
    public var memoryBytes: Int
    /// Lua VM instructions allowed per top-level call (counted in steps of
    /// 1000). Library functions that loop in C (`string.rep`, pattern
    /// matching, `table.move`, …) and new coroutines are charged an estimate
    /// of their work before they run; see `LuaState`. Zero or less means
    /// unlimited. Default 10,000,000.
    public var instructionsPerCall: Int

    public init(memoryBytes: Int = 32 << 20, instructionsPerCall: Int = 10_000_000) {
        self.memoryBytes = memoryBytes
        self.instructionsPerCall = instructionsPerCall
    }
}
