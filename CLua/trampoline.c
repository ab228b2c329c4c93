// Swift-registered functions: a C closure whose upvalue is a small userdata
// holding the index into the Swift closure table. The Swift dispatcher
// returns before anything is raised, so lua_error only ever unwinds C frames.
//
// The userdata's __gc (set here from C, so the sandbox's setmetatable rules do
// not apply) tells Swift that the slot is free once Lua has collected the
// closure. It then sets the index to -1: a closure resurrected by another
// finalizer, or a __gc called by hand, can never reach a reused slot.
#include "ctx.h"

#define SLOT_METATABLE "clua.swift-function"

static int *slot_of(lua_State *L) {
    return luaL_testudata(L, lua_upvalueindex(1), SLOT_METATABLE);
}

static int trampoline(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    int *slot = slot_of(L);
    if (slot == NULL || *slot < 0) {
        lua_pushliteral(L, "the Swift function was released");
        return lua_error(L);
    }
    int n = c->dispatch(L, *slot);
    if (c->deferred > 0) {
        long long work = c->deferred;
        c->deferred = 0;
        clua_charge(L, work);  // may raise the trip: Swift has returned
    }
    if (n >= 0) return n;
    if (n == CLUA_RAISE_WITH_WHERE) {
        int previous = c->host;
        c->host = 1;
        clua_pushwhere(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        c->host = previous;
    }
    return lua_error(L);
}

static int release_slot(lua_State *L) {
    int *slot = luaL_testudata(L, 1, SLOT_METATABLE);
    if (slot != NULL && *slot >= 0) {
        clua_ctx *c = clua_ctx_of(L);
        int index = *slot;
        *slot = -1;
        if (c->release != NULL) c->release(L, index);
    }
    return 0;
}

void clua_push_swift_function(lua_State *L, int index) {
    int *slot = lua_newuserdatauv(L, sizeof *slot, 0);
    *slot = index;
    if (luaL_newmetatable(L, SLOT_METATABLE)) {
        lua_pushcfunction(L, release_slot);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);  // getmetatable() cannot reach __gc
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, trampoline, 1);
}
