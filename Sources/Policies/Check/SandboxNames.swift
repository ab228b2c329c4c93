import Lua

/// The names Lua itself offers inside the policy sandbox: its globals and the fields of its
/// libraries, read from a fresh sandboxed state (so they are the sandbox's, not a list kept by hand).
struct SandboxNames: Sendable {
    var globals: Set<String>
    var libraries: [String: [String]]

    static let libraryNames = ["coroutine", "math", "os", "string", "table", "utf8"]

    /// Read once per process; `nil` when Lua cannot start (loading would fail and say so).
    static let standard: SandboxNames? = {
        guard let lua = try? LuaState() else { return nil }
        defer { lua.close() }
        let source = """
            local function keys(t)
              local list = {}
              for k in pairs(t) do if type(k) == "string" then list[#list + 1] = k end end
              table.sort(list)
              return list
            end
            local libraries = {}
            for _, name in ipairs({ ... }) do libraries[name] = keys(_G[name]) end
            return keys(_G), libraries
            """
        guard let chunk = try? lua.load(source, path: "sandbox-names"),
            let results = try? lua.call(chunk, libraryNames.map(LuaValue.string)), results.count == 2,
            let globals = results[0].tableValue, let libraries = results[1].tableValue
        else { return nil }
        return SandboxNames(
            globals: Set(globals.array.compactMap(\.stringValue)),
            libraries: libraries.fields.mapValues { $0.tableValue?.array.compactMap(\.stringValue) ?? [] })
    }()
}
