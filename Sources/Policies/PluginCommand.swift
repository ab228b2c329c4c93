import Lua

/// A command a plugin adds to `stationctl`.
public struct PluginCommand {
    public var name: String
    public var summary: String
    public var usage: String
    public var help: String
    var function: LuaFunction
}
