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
    int interrupt;       // set by another thread (clua_interrupt); read with atomics
    long long deferred;  // work done by Swift for this call, charged once Swift has returned

    // Swift side (trampoline.c).
    void *owner;
    clua_dispatch_fn dispatch;
    clua_release_fn release;
};

/// The context lives in the extra space, which lua_newthread copies, so
/// coroutines share it with the main thread.
static inline clua_ctx *clua_ctx_of(lua_State *L) {
    return *(clua_ctx **)lua_getextraspace(L);
}

void *clua_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/// Adds `amount` instructions to the budget of the current top-level call and
/// raises the trip error (from C, like the hook) once the budget is exceeded
/// or the allocator refused memory. Does nothing outside a top-level call.
void clua_charge(lua_State *L, long long amount);


/// A library function whose work is charged before it runs (costs.c).
typedef struct {
    const char *library;  // global table name, e.g. "string"
    const char *name;
    /// Instructions to charge for the call with the arguments on the stack.
    /// May normalize the arguments (e.g. make a default length explicit) but
    /// must leave the stack the function expects.
    long long (*cost)(lua_State *L);
} clua_guard;

/// The guarded functions, ended by an entry with a NULL library.
extern const clua_guard clua_guards[];

/// Replaces the library functions whose work the hook cannot see by wrappers
/// that charge it first (guards.c). Expects the libraries to be open.
void clua_guard_libraries(lua_State *L);

/// Replaces coroutine.wrap and coroutine.close by versions that never close a thread stopped by
/// the budget (coroutines.c). Expects the libraries to be open.
void clua_guard_coroutines(lua_State *L);

/// Remembers that the budget stopped the coroutine L (called where the trip is raised in it).
void clua_note_stopped_thread(lua_State *L);

/// Makes load, loadfile and dofile of the global table `globals` refuse binary
/// chunks (text_only.c); absent functions are skipped.
void clua_text_only_loading(lua_State *L, int globals);

/// Copies the file name of an activation record filled with "S": the chunk name
/// without its '@' or '=' marker, or Lua's short form for string chunks.
void clua_copy_source(const lua_Debug *ar, char *buffer, size_t size);

#endif
