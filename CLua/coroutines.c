// coroutine.wrap and coroutine.close that never run a __close with the count hook off.
//
// When the budget trips inside a coroutine, Lua leaves that thread with hooks disabled (the
// error left the hook by longjmp). Closing it later runs its pending __close methods in that
// thread, where nothing can stop them. So such a thread is remembered ("stopped", in a weak
// registry table, by budget.c when it raises the trip there), and these versions refuse to
// close it; everything else behaves as the manual says of the originals.
#include "ctx.h"

#define STOPPED_THREADS "clua.stopped-threads"

/// Pushes the weak-keyed table of stopped threads, creating it on first use.
static void push_stopped_threads(lua_State *L) {
    if (luaL_getsubtable(L, LUA_REGISTRYINDEX, STOPPED_THREADS)) return;
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
}

void clua_note_stopped_thread(lua_State *L) {
    push_stopped_threads(L);
    lua_pushthread(L);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

static int is_stopped(lua_State *L, lua_State *co) {
    push_stopped_threads(L);
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    int stopped = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return stopped;
}

/// coroutine.close(co); upvalue 1 is the original.
static int guarded_close(lua_State *L) {
    clua_charge(L, 0);  // raises at once if this call was already stopped
    lua_State *co = lua_tothread(L, 1);
    if (co != NULL && is_stopped(L, co))
        return luaL_error(L, "this coroutine was stopped by the instruction budget and cannot be closed");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/// The function coroutine.wrap returns: resumes its coroutine (upvalue 1) with the arguments,
/// returns what it yields or returns, and on an error closes it (unless it was stopped) and
/// raises the error again, with the caller's position added to a string message.
static int resume_wrapped(lua_State *L) {
    clua_charge(L, 0);
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int narg = lua_gettop(L);
    if (co == NULL) return luaL_error(L, "broken coroutine.wrap");
    if (!lua_checkstack(co, narg)) return luaL_error(L, "too many arguments to resume");
    if (lua_status(co) == LUA_OK && lua_gettop(co) == 0) return luaL_error(L, "cannot resume dead coroutine");
    lua_xmove(L, co, narg);
    int nres = 0;
    int status = lua_resume(co, L, narg, &nres);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            return luaL_error(L, "too many results to resume");
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);  // the error
    if (clua_ctx_of(L)->tripped == CLUA_TRIP_NONE && !is_stopped(L, co)) {
        if (lua_resetthread(co) != LUA_OK) {  // an error in a __close replaces it
            lua_pop(L, 1);
            lua_xmove(co, L, 1);
        }
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/// coroutine.wrap(f); upvalue 1 is coroutine.create.
static int guarded_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    clua_charge(L, CLUA_HOOK_INTERVAL);  // what a new thread may run before its hook first fires
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    lua_pushcclosure(L, resume_wrapped, 1);
    return 1;
}

void clua_guard_coroutines(lua_State *L) {
    if (lua_getglobal(L, LUA_COLIBNAME) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_getfield(L, -1, "create");
    lua_pushcclosure(L, guarded_wrap, 1);
    lua_setfield(L, -2, "wrap");
    lua_getfield(L, -1, "close");
    lua_pushcclosure(L, guarded_close, 1);
    lua_setfield(L, -2, "close");
    lua_pop(L, 1);
}
