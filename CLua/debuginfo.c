// Where code is: file names and lines from the debug interface.
#include <stdio.h>
#include "ctx.h"

void clua_copy_source(const lua_Debug *ar, char *buffer, size_t size) {
    const char *source = ar->source;
    if (source != NULL && (source[0] == '@' || source[0] == '='))
        snprintf(buffer, size, "%s", source + 1);
    else
        snprintf(buffer, size, "%s", ar->short_src);
}

/// Finds the first frame at or above `level` that runs Lua code.
static int find_lua_frame(lua_State *L, int level, lua_Debug *ar) {
    for (; lua_getstack(L, level, ar); level++) {
        lua_getinfo(L, "Sl", ar);
        if (ar->currentline > 0) return 1;
    }
    return 0;
}

void clua_pushwhere(lua_State *L, int level) {
    lua_Debug ar;
    if (find_lua_frame(L, level, &ar))
        lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
    else
        lua_pushliteral(L, "");
}

int clua_where_info(lua_State *L, int level, char *buffer, size_t size) {
    lua_Debug ar;
    if (!find_lua_frame(L, level, &ar)) return -1;
    clua_copy_source(&ar, buffer, size);
    return ar.currentline;
}

int clua_function_info(lua_State *L, int index, char *buffer, size_t size) {
    lua_Debug ar;
    lua_pushvalue(L, index);
    lua_getinfo(L, ">S", &ar);
    if (ar.what[0] == 'C') return -1;
    clua_copy_source(&ar, buffer, size);
    return ar.linedefined;
}
