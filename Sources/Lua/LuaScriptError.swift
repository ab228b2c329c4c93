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
