// Swift-registered functions: a C closure whose upvalue indexes the Swift
// closure table. The Swift dispatcher returns before anything is raised, so
// lua_error only ever unwinds C frames.
#include "ctx.h"

static int trampoline(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    int index = (int)lua_tointeger(L, lua_upvalueindex(1));
    int n = c->dispatch(L, index);
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

void clua_push_swift_function(lua_State *L, int index) {
    lua_pushinteger(L, index);
    lua_pushcclosure(L, trampoline, 1);
}
