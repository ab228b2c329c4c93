/// A Lua function held by Swift, through a reference in the Lua registry.
///
/// It stays valid after the Lua code that produced it has returned, so a host
/// can keep callbacks and call them later with `LuaState.call`. The registry
/// reference is released when the last Swift reference goes away; if the
/// state was closed first, nothing happens. Two `LuaFunction`s are equal only
/// if they are the same object.
public final class LuaFunction: Hashable {
    let core: LuaCore
    let ref: Int32

    /// Where the function was defined; line 0 for a main chunk, `nil` for
    /// functions written in Swift or C.
    public private(set) var location: LuaLocation?

    init(core: LuaCore, ref: Int32, location: LuaLocation?) {
        self.core = core
        self.ref = ref
        self.location = location
    }

    deinit {
        core.release(ref)
    }

    public static func == (lhs: LuaFunction, rhs: LuaFunction) -> Bool { lhs === rhs }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
}

extension LuaFunction: CustomStringConvertible {
    public var description: String {
        if let location { return "function defined at \(location)" }
        return "function (Swift or C)"
    }
}
