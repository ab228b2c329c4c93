// Library setup: the sandbox keeps only safe libraries and wraps the rest.
// Every state refuses binary chunks (text_only.c), matches patterns with
// pattern.c (which charges its steps) and charges the work of other C
// library loops to the instruction budget (guards.c).
#include <string.h>
#include "ctx.h"
#include "pattern.h"

/// print() routed to the Swift emitter (upvalue 1) with one tab-joined string.
static int routed_print(lua_State *L) {
    int n = lua_gettop(L);
    luaL_Buffer b;
    lua_pushvalue(L, lua_upvalueindex(1));
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_call(L, 1, 0);
    return 0;
}

/// collectgarbage() limited to "count": the other options let a script
/// stop the collector or spend time in full collections.
static int count_only_collectgarbage(lua_State *L) {
    const char *option = luaL_optstring(L, 1, "collect");
    if (strcmp(option, "count") != 0)
        return luaL_error(L, "collectgarbage(\"%s\") is not allowed in the sandbox", option);
    int kbytes = lua_gc(L, LUA_GCCOUNT);
    int bytes = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)kbytes + (lua_Number)bytes / 1024);
    return 1;
}

/// setmetatable() refusing __gc: a finalizer would run script code at any
/// allocation, outside the instruction budget. Lua only marks an object for
/// finalization when __gc is present at setmetatable time, so checking here suffices.
/// (__close is safe on the main thread; coroutines.c keeps it from running unhooked.)
static int no_gc_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in the sandbox");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// Whether the running call was stopped (budget, memory, interrupt): then a handler is not run.
static int stopped(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    return c->tripped != CLUA_TRIP_NONE || c->refused;
}

/// What xpcall returns once `f` finished (the continuation too, after `f` yielded): `true`
/// and its results, or `false` and what the handler made of the error. The handler (slot 2)
/// is called after the stack unwound, so it runs under the budget like any code.
static int finish_xpcall(lua_State *L, int status, lua_KContext base) {
    int n = (int)base;
    if (status == LUA_OK || status == LUA_YIELD) {
        lua_pushboolean(L, 1);
        lua_insert(L, n + 1);
        return lua_gettop(L) - n;
    }
    if (stopped(L)) return lua_error(L);
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK && stopped(L)) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

/// xpcall(f, msgh, ...) as pcall(f, ...) followed, on an error, by msgh(error) once the stack
/// has unwound. Lua calls a message handler where the error happened, and for an error raised
/// by the count hook that is with hooks off: a handler could run for ever. After a budget or
/// memory trip the handler is not called at all: the trip goes on unwinding. `f` may yield.
static int budgeted_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    luaL_checkstack(L, n, "too many arguments to xpcall");
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; i++) lua_pushvalue(L, i);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 0, (lua_KContext)n, finish_xpcall);
    return finish_xpcall(L, status, (lua_KContext)n);
}

/// string.find, match, gmatch and gsub run on pattern.c, which charges the matcher's real
/// steps to the budget (Lua's own matcher runs in C where the count hook cannot see it). The
/// string metatable's __index is the same table, so ("x"):find(…) gets them too.
static void use_counted_patterns(lua_State *L, int globals) {
    static const luaL_Reg counted[] = {
        {"find", clua_str_find}, {"match", clua_str_match}, {"gmatch", clua_str_gmatch}, {"gsub", clua_str_gsub}, {NULL, NULL},
    };
    if (lua_getfield(L, globals, LUA_STRLIBNAME) == LUA_TTABLE) luaL_setfuncs(L, counted, 0);
    lua_pop(L, 1);
}

static void open_library(lua_State *L, const char *name, lua_CFunction open) {
    luaL_requiref(L, name, open, 1);
    lua_pop(L, 1);
}

static void wrap_global(lua_State *L, int globals, const char *name, lua_CFunction wrapper) {
    lua_getfield(L, globals, name);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, globals, name);
}

static void restrict_os(lua_State *L, int globals) {
    static const char *const kept[] = {"clock", "date", "difftime", "time", NULL};
    lua_getfield(L, globals, "os");
    int os = lua_gettop(L);
    lua_createtable(L, 0, 4);
    for (int i = 0; kept[i] != NULL; i++) {
        lua_getfield(L, os, kept[i]);
        lua_setfield(L, -2, kept[i]);
    }
    lua_setfield(L, globals, "os");
    lua_pop(L, 1);
}

static void sanitize_strings(lua_State *L, int globals) {
    // Strings share one metatable whose __index is the real string table, so
    // ("").dump reaches it even when the global `string` is replaced.
    lua_getfield(L, globals, "string");
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);  // getmetatable("") returns false
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

int clua_setup(lua_State *L) {
    int sandboxed = lua_toboolean(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (sandboxed) {
        open_library(L, LUA_GNAME, luaopen_base);
        open_library(L, LUA_STRLIBNAME, luaopen_string);
        open_library(L, LUA_TABLIBNAME, luaopen_table);
        open_library(L, LUA_MATHLIBNAME, luaopen_math);
        open_library(L, LUA_UTF8LIBNAME, luaopen_utf8);
        open_library(L, LUA_COLIBNAME, luaopen_coroutine);
        open_library(L, LUA_OSLIBNAME, luaopen_os);
    } else {
        luaL_openlibs(L);
    }
    lua_pushglobaltable(L);
    int globals = lua_gettop(L);
    if (sandboxed) {
        lua_pushnil(L);
        lua_setfield(L, globals, "dofile");
        lua_pushnil(L);
        lua_setfield(L, globals, "loadfile");
        lua_pushcfunction(L, count_only_collectgarbage);
        lua_setfield(L, globals, "collectgarbage");
        wrap_global(L, globals, "setmetatable", no_gc_setmetatable);
        lua_pushcfunction(L, budgeted_xpcall);
        lua_setfield(L, globals, "xpcall");
        restrict_os(L, globals);
        sanitize_strings(L, globals);
    }
    clua_text_only_loading(L, globals);
    use_counted_patterns(L, globals);
    clua_guard_coroutines(L);
    clua_guard_libraries(L);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, routed_print, 1);
    lua_setfield(L, globals, "print");
    return 0;
}
