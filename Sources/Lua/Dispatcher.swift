import CLua

/// The single C-callable entry point for Swift functions. The C trampoline
/// passes the thread and the closure index; the owning `LuaCore` is found
/// through the state's context.
enum Dispatcher {
    static let function: clua_dispatch_fn = { L, index in
        guard let L, let owner = clua_owner(L) else { return 0 }
        let core = Unmanaged<LuaCore>.fromOpaque(owner).takeUnretainedValue()
        return core.dispatch(L, Int(index))
    }
}
