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
        /// Another thread stopped the call (``LuaInterrupter``): it ran too long.
        case interrupted
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
