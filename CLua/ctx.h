// Private: the per-state context shared by the C files of CLua.
#ifndef CLUA_CTX_H
#define CLUA_CTX_H

#include "include/CLua.h"

/// Instructions between two runs of the count hook while the budget is not tripped.
#define CLUA_HOOK_INTERVAL 1000

/// Room for a chunk's file name (full path, not Lua's 60-character short form).
#define CLUA_SOURCE_SIZE 512

struct clua_ctx {
    // Allocator (alloc.c).
    size_t used;
    size_t cap;
    int host;            // host mode: the cap is not enforced
    int refused;         // the cap refused a request during this top-level call

    // Instruction budget (budget.c).
    int active;          // inside a top-level call
    long long budget;    // <= 0: unlimited
    long long executed;
    int tripped;         // CLUA_TRIP_*
    char trip_source[CLUA_SOURCE_SIZE];
    int trip_line;

    // Swift side (trampoline.c).
    void *owner;
    clua_dispatch_fn dispatch;
};

/// The context lives in the extra space, which lua_newthread copies, so
/// coroutines share it with the main thread.
static inline clua_ctx *clua_ctx_of(lua_State *L) {
    return *(clua_ctx **)lua_getextraspace(L);
}

void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/// Copies the file name of an activation record filled with "S": the chunk name
/// without its '@' or '=' marker, or Lua's short form for string chunks.
void clua_copy_source(const lua_Debug *ar, char *buffer, size_t size);

#endif
