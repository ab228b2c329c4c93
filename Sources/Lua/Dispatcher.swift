// swift-format-ignore-file: AlwaysUseLowerCamelCase

// `L` is the Lua C API's name for a lua_State.
import CLua

/// The C-callable entry points for Swift functions. The C trampoline
/// passes the thread and the closure index; the owning `LuaCore` is found
/// through the state's context.
enum Dispatcher {
    static let function: clua_dispatch_fn = { L, index in
        guard let L, let owner = clua_owner(L) else { return 0 }
        let core = Unmanaged<LuaCore>.fromOpaque(owner).takeUnretainedValue()
        return core.dispatch(L, Int(index))
    }

    /// Called from the __gc of a collected Swift function's upvalue: only
    /// notes the slot, since it runs inside a finalizer (see `LuaCore.reclaim`).
    static let release: clua_release_fn = { L, index in
        guard let L, let owner = clua_owner(L) else { return }
        Unmanaged<LuaCore>.fromOpaque(owner).takeUnretainedValue().collected(Int(index))
    }
}
