// What each guarded library function is charged: one instruction per element
// or loop iteration it will perform, one per 16 bytes it copies or converts.
// Pattern matching is not guarded: pattern.c charges its real steps as it
// runs. Library functions not
// listed do bounded work per call (bounded by their arguments, by the Lua
// stack limit or by the memory cap).
//
// Lengths are taken with luaL_len like the originals do, so a table with a
// __len metamethod sees it called twice (by the cost and by the function).
#include <string.h>
#include "ctx.h"

/// last - first + 1, or 0 for an empty range, saturated.
static long long span(lua_Integer first, lua_Integer last) {
    if (last < first) return 0;
    lua_Unsigned n = (lua_Unsigned)last - (lua_Unsigned)first;
    return n >= (lua_Unsigned)(1LL << 62) ? 1LL << 62 : (long long)n + 1;
}

static lua_Integer integer_or(lua_State *L, int arg, lua_Integer fallback) {
    int ok = 0;
    lua_Integer n = lua_tointegerx(L, arg, &ok);
    return ok ? n : fallback;
}

/// #t as the table functions see it, or 0 when arg 1 is not a table.
static lua_Integer table_length(lua_State *L) {
    return lua_type(L, 1) == LUA_TTABLE ? luaL_len(L, 1) : 0;
}

static long long per_coroutine(lua_State *L) {
    (void)L;
    return CLUA_HOOK_INTERVAL;
}

/// One per copy of the string. A non-empty result is allocated before the
/// loop, so one the memory cap will refuse is not charged: it fails as a
/// memory error. An empty one ('' or sep '') allocates nothing, only loops.
static long long rep_cost(lua_State *L) {
    long long n = span(1, integer_or(L, 2, 0));
    size_t l = 0, lsep = 0;
    if (n == 0 || !lua_isstring(L, 1)) return n;
    lua_tolstring(L, 1, &l);
    if (lua_isstring(L, 3)) lua_tolstring(L, 3, &lsep);
    size_t piece = l + lsep;
    clua_ctx *c = clua_ctx_of(L);
    size_t room = c->used < c->cap ? c->cap - c->used : 0;
    if (piece > 0 && !c->host && (size_t)n > room / piece) return 0;
    return n;
}

static long long bytes_cost(lua_State *L) {
    size_t length = 0;
    if (lua_isstring(L, 1)) lua_tolstring(L, 1, &length);
    return (long long)(length / 16);
}

static long long sub_cost(lua_State *L) {
    size_t length = 0;
    if (!lua_isstring(L, 1)) return 0;
    lua_tolstring(L, 1, &length);
    lua_Integer len = (lua_Integer)length;
    lua_Integer i = integer_or(L, 2, 1), j = integer_or(L, 3, -1);
    if (i < 0) i = i < -len ? 1 : len + i + 1;
    if (j < 0) j = j < -len ? 0 : len + j + 1;
    if (i < 1) i = 1;
    if (j > len) j = len;
    return span(i, j) / 16;
}


/// One per 16 bytes of the format and of every string argument, and 4 per conversion.
static long long format_cost(lua_State *L) {
    long long cost = 0;
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        if (lua_type(L, i) != LUA_TSTRING) continue;
        size_t length = 0;
        const char *text = lua_tolstring(L, i, &length);
        cost += (long long)(length / 16);
        if (i == 1)
            for (size_t k = 0; k < length; k++) cost += text[k] == '%' ? 4 : 0;
    }
    return cost;
}

/// os.date: strftime runs once per conversion of the format; charged 32 per format byte
/// (measured: a long format costs about that many VM instructions per byte).
static long long date_cost(lua_State *L) {
    size_t length = 0;
    if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &length);
    return 32 * (long long)length;
}

/// string.byte(s, i, j) and utf8.codepoint(s, i, j): one per value pushed (i defaults to 1, j to i).
static long long range_cost(lua_State *L) {
    size_t length = 0;
    if (!lua_isstring(L, 1)) return 0;
    lua_tolstring(L, 1, &length);
    lua_Integer len = (lua_Integer)length;
    lua_Integer i = integer_or(L, 2, 1);
    lua_Integer j = integer_or(L, 3, i);
    if (i < 0) i = i < -len ? 1 : len + i + 1;
    if (j < 0) j = j < -len ? 0 : len + j + 1;
    if (j > len) j = len;
    return span(i < 1 ? 1 : i, j);
}

static long long move_cost(lua_State *L) {
    return span(integer_or(L, 2, 1), integer_or(L, 3, 0));
}

static long long concat_cost(lua_State *L) {
    lua_Integer last = lua_isnoneornil(L, 4) ? table_length(L) : integer_or(L, 4, 0);
    return span(integer_or(L, 3, 1), last);
}

static long long unpack_cost(lua_State *L) {
    if (lua_isnoneornil(L, 3) && lua_type(L, 1) == LUA_TTABLE) {
        lua_Integer last = luaL_len(L, 1);
        lua_settop(L, 3);  // make the length explicit: __len runs once
        lua_pushinteger(L, last);
        lua_replace(L, 3);
    }
    return span(integer_or(L, 2, 1), integer_or(L, 3, 0));
}

static long long insert_cost(lua_State *L) {
    if (lua_gettop(L) != 3) return 0;  // appending moves nothing
    return span(integer_or(L, 2, 1), table_length(L));
}

static long long remove_cost(lua_State *L) {
    if (lua_gettop(L) < 2) return 0;
    return span(integer_or(L, 2, 1), table_length(L));
}

static long long sort_cost(lua_State *L) {
    long long n = span(1, table_length(L));
    long long bits = 1;
    while (bits < 62 && (1LL << bits) < n) bits++;
    return n > (1LL << 62) / bits ? 1LL << 62 : n * bits;
}

const clua_guard clua_guards[] = {
    {LUA_COLIBNAME, "create", per_coroutine},
    {LUA_STRLIBNAME, "rep", rep_cost},
    {LUA_STRLIBNAME, "upper", bytes_cost},
    {LUA_STRLIBNAME, "lower", bytes_cost},
    {LUA_STRLIBNAME, "reverse", bytes_cost},
    {LUA_STRLIBNAME, "sub", sub_cost},
    {LUA_STRLIBNAME, "byte", range_cost},
    {LUA_STRLIBNAME, "format", format_cost},
    {LUA_TABLIBNAME, "move", move_cost},
    {LUA_TABLIBNAME, "concat", concat_cost},
    {LUA_TABLIBNAME, "unpack", unpack_cost},
    {LUA_TABLIBNAME, "insert", insert_cost},
    {LUA_TABLIBNAME, "remove", remove_cost},
    {LUA_TABLIBNAME, "sort", sort_cost},
    {LUA_UTF8LIBNAME, "len", bytes_cost},
    {LUA_UTF8LIBNAME, "offset", bytes_cost},
    {LUA_UTF8LIBNAME, "codepoint", range_cost},
    {LUA_OSLIBNAME, "date", date_cost},
    {NULL, NULL, NULL},
};
