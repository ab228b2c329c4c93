import Lua

/// A problem in the config file, always with the file and, when known, the line.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var location: LuaLocation?

    public init(_ message: String, at location: LuaLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// `path:line: message`, the shape of Lua's own errors.
    public var description: String {
        guard let location else { return message }
        return message.hasPrefix("\(location.file):") ? message : "\(location): \(message)"
    }

    /// A Lua error from loading a config or policy file, keeping its file and line.
    public init(_ error: LuaError) {
        self.init(error.message, at: error.location)
    }
}
