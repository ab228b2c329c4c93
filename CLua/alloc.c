// The memory-capped allocator. No hook ever runs inside C functions such as
// string.rep, so this is the only thing that stops a memory bomb.
//
// A NULL return makes Lua raise LUA_ERRMEM. In host mode Swift is calling the
// API outside any protected call, so that raise would longjmp across Swift
// frames: a real allocation failure there aborts with a message instead.
#include <stdio.h>
#include <stdlib.h>
#include "ctx.h"

void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    clua_ctx *c = ud;
    size_t old = ptr ? osize : 0;  // without ptr, osize encodes the object type
    if (nsize == 0) {
        free(ptr);
        c->used -= old;
        return NULL;
    }
    // Only growth can be refused: frees and shrinks must always succeed.
    if (nsize > old && !c->host && c->used - old + nsize > c->cap) {
        c->refused = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        if (nsize <= old) return ptr;  // a failed shrink keeps the bigger block
        if (c->host) {
            fprintf(stderr, "Stationkeeper: out of memory allocating %zu bytes for Lua in host mode, aborting\n", nsize);
            fflush(stderr);
            abort();
        }
        return NULL;
    }
    c->used = c->used - old + nsize;
    // A new long string costs its bytes to build (.., string.rep, table.concat, string.char…),
    // work done inside one VM instruction or C call: charged 1 per 16 bytes at the next hook.
    if (ptr == NULL && osize == LUA_TSTRING && nsize > 256 && c->active) c->deferred += (long long)(nsize / 16);
    return p;
}
