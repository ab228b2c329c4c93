// The message handler used by every lua_pcall made from Swift.
#include "ctx.h"

int clua_msgh(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    int previous = c->host;
    c->host = 1;  // building the report must not fail on the cap
    int t = lua_type(L, 1);
    if (t != LUA_TSTRING && t != LUA_TNUMBER) {
        // __tostring is deliberately not called: it would run script code here.
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        lua_replace(L, 1);
    }
    lua_settop(L, 1);
    lua_createtable(L, 3, 0);
    lua_pushvalue(L, 1);
    lua_tostring(L, -1);  // a number becomes a string
    lua_rawseti(L, -2, 1);
    luaL_traceback(L, L, NULL, 1);
    lua_rawseti(L, -2, 2);
    clua_pushwhere(L, 1);
    lua_rawseti(L, -2, 3);
    c->host = previous;
    return 1;
}
