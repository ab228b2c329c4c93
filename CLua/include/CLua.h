// CLua: Debian's Lua 5.4 plus every C function that may raise a Lua error.
//
// Rule of this module: lua_error (a longjmp) never crosses a Swift frame.
// Everything that can raise lives here, and Swift only calls the Lua API
// either inside lua_pcall or in "host mode" (see clua_set_host).
#ifndef CLUA_H
#define CLUA_H

#include <stddef.h>
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

/// Per-state bookkeeping (allocator, budget, Swift owner). Opaque to Swift.
typedef struct clua_ctx clua_ctx;

/// Swift's single, non-capturing dispatcher for registered functions.
/// Returns the number of results pushed, or one of the CLUA_RAISE_* sentinels
/// with an error message pushed on top of the stack.
typedef int (*clua_dispatch_fn)(lua_State *L, int index);

/// Swift's callback for a registered function that Lua garbage-collected.
/// It runs inside a finalizer, at any allocation: it must only note `index`
/// for later reuse, and must not call the Lua API or release Swift objects
/// that might.
typedef void (*clua_release_fn)(lua_State *L, int index);

enum {
    /// Raise the pushed message prefixed with the Lua caller's "file:line: ".
    CLUA_RAISE_WITH_WHERE = -1,
    /// Raise the pushed message as it is (it already names a location).
    CLUA_RAISE_AS_IS = -2,
};

/// Why the current top-level call was stopped, if it was.
enum {
    CLUA_TRIP_NONE = 0,
    CLUA_TRIP_BUDGET = 1,
    CLUA_TRIP_MEMORY = 2,
    /// Another thread asked the call to stop (clua_interrupt): the watchdog.
    CLUA_TRIP_INTERRUPT = 3,
};

// state.c
/// Creates a state whose allocator refuses growth past `cap` bytes. NULL on failure.
lua_State *clua_newstate(size_t cap, void *owner, clua_dispatch_fn dispatch, clua_release_fn release);
/// Closes the state and frees its context.
void clua_close(lua_State *L);
/// The Swift owner pointer given to clua_newstate.
void *clua_owner(lua_State *L);
/// Turns host mode on or off and returns the previous setting. In host mode the
/// memory cap is not enforced, so `m` API calls made by Swift cannot fail
/// because of the cap (only on real exhaustion, which panics).
int clua_set_host(lua_State *L, int on);
/// Bytes currently allocated by the state.
size_t clua_memory_used(lua_State *L);
/// Runs a full garbage collection (lua_gc is variadic, so Swift cannot call it).
void clua_collect(lua_State *L);

// budget.c
/// Starts a top-level call: resets counters and trip state, arms the count hook
/// on the main thread. `budget` <= 0 means unlimited.
void clua_begin_call(lua_State *L, long long budget);
/// Ends a top-level call: disarms the budget and clears the trip state.
void clua_end_call(lua_State *L);
/// Asks the current top-level call to stop: the count hook (or the next charge) raises a trip
/// that stays raised until the call returns. Safe from any thread while the state is open.
/// The request stays until clua_clear_interrupt, so that calls started after a stop (SIGTERM)
/// are stopped too.
void clua_interrupt(lua_State *L);
/// Withdraws a stop request (the watchdog, before a call it has no reason to stop).
void clua_clear_interrupt(lua_State *L);
/// Whether a stop was requested (clua_interrupt) for the current call: for Swift code that
/// waits (a plugin's program) to give up too. Safe from any thread.
int clua_interrupt_requested(lua_State *L);
/// CLUA_TRIP_* for the current top-level call.
int clua_trip_kind(lua_State *L);
/// Whether the allocator refused a request during the current top-level call.
int clua_memory_refused(lua_State *L);
/// Notes `amount` instructions of work done by Swift (converting arguments and results); the
/// trampoline charges them once the Swift function has returned, raising the trip from C.
void clua_defer_charge(lua_State *L, long long amount);
/// Bytes the state may still allocate before its memory cap; SIZE_MAX outside a top-level call.
size_t clua_memory_room(lua_State *L);
/// Instructions the current top-level call may still run (deferred charges included); LLONG_MAX
/// outside a call or without a budget.
long long clua_budget_room(lua_State *L);
/// Instructions counted so far in the current top-level call (granularity of the hook interval).
long long clua_instructions_used(lua_State *L);
/// Source ("short_src") and line where the trip was first noticed; line is -1 if unknown.
const char *clua_trip_source(lua_State *L);
int clua_trip_line(lua_State *L);

// trampoline.c
/// Pushes a C closure that calls the Swift dispatcher with `index`. Its upvalue
/// is a full userdata whose __gc calls the release callback with `index` once
/// Lua has collected the closure. Must be called in host mode or inside a
/// protected call (it allocates).
void clua_push_swift_function(lua_State *L, int index);

// debuginfo.c
/// Pushes "file:line: " (Lua's short file name) for the first Lua frame at or above `level`, or "".
void clua_pushwhere(lua_State *L, int level);
/// Copies the file name of the first Lua frame at or above `level` into `buffer`
/// and returns its current line, or -1 when there is none.
int clua_where_info(lua_State *L, int level, char *buffer, size_t size);
/// Copies the file name where the function at `index` was defined and returns
/// the line (0 for a main chunk), or -1 for a C function.
int clua_function_info(lua_State *L, int index, char *buffer, size_t size);

// errors.c
/// Message handler for lua_pcall: replaces the error object by a table
/// { [1] = message string, [2] = traceback, [3] = "file:line: " of the raising Lua code or "" }.
int clua_msgh(lua_State *L);

// sandbox.c
/// lua_CFunction to be lua_pcall'ed with (sandboxed: boolean, print emitter: function):
/// opens the libraries, and when sandboxed removes or wraps everything unsafe.
int clua_setup(lua_State *L);

// Wrappers for macros that Swift cannot import.
static inline int clua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void clua_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline int clua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}

#endif
