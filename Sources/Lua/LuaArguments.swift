/// The arguments a script passed to a Swift function.
public struct LuaArguments {
    public let values: [LuaValue]
    private let caller: LuaLocation?

    public init(_ values: [LuaValue], callerLocation: LuaLocation? = nil) {
        self.values = values
        self.caller = callerLocation
    }

    /// The `i`th argument, counting from 0; `.nil` past the end.
    public subscript(i: Int) -> LuaValue {
        values.indices.contains(i) ? values[i] : .nil
    }

    /// How many arguments were passed (trailing nils included).
    public var count: Int { values.count }

    /// File and line of the Lua code that called the Swift function.
    public func callerLocation() -> LuaLocation? { caller }
}
