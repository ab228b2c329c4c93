// Creating and closing states; host mode; the last-resort panic handler.
#include <stdio.h>
#include <stdlib.h>
#include "ctx.h"

static int clua_panic(lua_State *L) {
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(no message)";
    fprintf(stderr, "Stationkeeper: unprotected Lua error, aborting: %s\n", msg);
    fflush(stderr);
    return 0;  // Lua aborts
}

lua_State *clua_newstate(size_t cap, void *owner, clua_dispatch_fn dispatch, clua_release_fn release) {
    clua_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) return NULL;
    c->cap = cap;
    c->host = 1;  // creating the state and opening libraries is the host's business
    c->trip_line = -1;
    c->owner = owner;
    c->dispatch = dispatch;
    c->release = release;
    lua_State *L = lua_newstate(clua_alloc, c);
    if (L == NULL) {
        free(c);
        return NULL;
    }
    *(clua_ctx **)lua_getextraspace(L) = c;
    lua_atpanic(L, clua_panic);
    return L;
}

void clua_close(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    c->host = 1;  // finalizers run by lua_close must not fail on the cap
    lua_close(L);
    free(c);
}

void *clua_owner(lua_State *L) { return clua_ctx_of(L)->owner; }

int clua_set_host(lua_State *L, int on) {
    clua_ctx *c = clua_ctx_of(L);
    int previous = c->host;
    c->host = on;
    return previous;
}

size_t clua_memory_used(lua_State *L) { return clua_ctx_of(L)->used; }

void clua_collect(lua_State *L) { lua_gc(L, LUA_GCCOLLECT); }
