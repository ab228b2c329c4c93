// Library functions that loop in C, where the count hook never fires, are
// replaced by a closure that charges their work to the instruction budget
// (clua_charge) and then runs the original in the same call frame, so error
// messages ("bad argument #1 to 'rep'") and results are unchanged.
// Upvalue 1 is the original C function, upvalue 2 its clua_guard entry.
#include "ctx.h"

static int guarded(lua_State *L) {
    lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(1));
    const clua_guard *guard = lua_touserdata(L, lua_upvalueindex(2));
    if (original == NULL || guard == NULL) return luaL_error(L, "broken library guard");
    clua_charge(L, guard->cost(L));
    return original(L);
}

void clua_guard_libraries(lua_State *L) {
    for (const clua_guard *g = clua_guards; g->library != NULL; g++) {
        if (lua_getglobal(L, g->library) != LUA_TTABLE) {
            lua_pop(L, 1);
            continue;
        }
        lua_getfield(L, -1, g->name);
        lua_CFunction original = lua_tocfunction(L, -1);
        lua_pop(L, 1);
        if (original != NULL && original != guarded) {
            lua_pushcfunction(L, original);
            lua_pushlightuserdata(L, (void *)g);
            lua_pushcclosure(L, guarded, 2);
            lua_setfield(L, -2, g->name);
        }
        lua_pop(L, 1);
    }
}
