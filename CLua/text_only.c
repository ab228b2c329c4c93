// Loading never accepts binary chunks, in any state: Lua does not check
// bytecode, and crafted bytecode can crash the interpreter. load and loadfile
// get their mode argument forced to "t"; dofile is replaced.
#include "ctx.h"

/// Instructions charged per byte compiled: lexing and compiling a byte costs about what 4 VM
/// instructions do (measured by stationbench's hostile cases).
#define CLUA_COMPILE_COST 4

/// Calls the original (upvalue 1) with argument `mode_arg` forced to "t".
static int call_with_text_mode(lua_State *L, int mode_arg) {
    if (lua_gettop(L) < mode_arg) lua_settop(L, mode_arg);
    lua_pushliteral(L, "t");
    lua_replace(L, mode_arg);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// A reader function given to load, wrapped (upvalue 1) so that every piece it returns is
/// charged like a string chunk: the parser lexes it in C. A trip raised here is caught by the
/// protected parser (load returns nil and the message), and the next instruction raises again.
static int charged_reader(lua_State *L) {
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, 1);
    if (lua_type(L, 1) == LUA_TSTRING) clua_charge(L, 1 + CLUA_COMPILE_COST * (long long)lua_rawlen(L, 1));
    else clua_charge(L, 1);
    return 1;
}

/// load(chunk, name, mode, env). Compiling is charged CLUA_COMPILE_COST instructions per
/// byte of a string chunk (the parser runs in C, unseen by the count hook), and so is
/// every piece a reader function returns.
/// Without a 4th argument the original uses the global table as _ENV.
static int text_only_load(lua_State *L) {
    if (lua_type(L, 1) == LUA_TSTRING) {
        clua_charge(L, CLUA_COMPILE_COST * (long long)lua_rawlen(L, 1));
    } else if (lua_type(L, 1) == LUA_TFUNCTION) {
        lua_pushvalue(L, 1);
        lua_pushcclosure(L, charged_reader, 1);
        lua_replace(L, 1);
    }
    return call_with_text_mode(L, 3);
}

/// loadfile(filename, mode, env).
static int text_only_loadfile(lua_State *L) {
    return call_with_text_mode(L, 2);
}

/// dofile(filename): like the original, but not yieldable.
static int text_only_dofile(lua_State *L) {
    const char *name = luaL_optstring(L, 1, NULL);
    lua_settop(L, 1);
    if (luaL_loadfilex(L, name, "t") != LUA_OK) return lua_error(L);
    lua_call(L, 0, LUA_MULTRET);
    return lua_gettop(L) - 1;
}

static void wrap(lua_State *L, int globals, const char *name, lua_CFunction wrapper) {
    if (lua_getfield(L, globals, name) == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, globals, name);
}

void clua_text_only_loading(lua_State *L, int globals) {
    wrap(L, globals, "load", text_only_load);
    wrap(L, globals, "loadfile", text_only_loadfile);
    if (lua_getfield(L, globals, "dofile") != LUA_TNIL) {
        lua_pushcfunction(L, text_only_dofile);
        lua_setfield(L, globals, "dofile");
    }
    lua_pop(L, 1);
}
