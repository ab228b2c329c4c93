// The instruction budget: a count hook shared by all threads of a state.
//
// A hook error alone is swallowed by pcall, xpcall and coroutine.resume, so
// once the budget is exceeded (or the allocator refused memory) the hook
// re-arms itself with count 1 and raises again on every instruction of every
// thread until the top-level call returns. Coroutines inherit the hook from
// lua_newthread, but a re-arm in one thread does not re-arm the others: each
// thread notices the trip at its own next hook, at most CLUA_HOOK_INTERVAL
// instructions later.
//
// Work the hook cannot see is charged with clua_charge: C library functions
// charge their loop counts before running (guards.c), and every new coroutine
// is charged CLUA_HOOK_INTERVAL, the most a thread can run without its hook
// firing (each thread starts with a fresh hook counter).
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "ctx.h"
#include "pattern.h"

static void count_hook(lua_State *L, lua_Debug *ar);

static void arm(lua_State *L, int count) {
    if (lua_gethookcount(L) != count || lua_gethook(L) != count_hook)
        lua_sethook(L, count_hook, LUA_MASKCOUNT, count);
}

static void record_trip(clua_ctx *c, lua_State *L, lua_Debug *ar, int kind) {
    c->tripped = kind;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0) {
        clua_copy_source(ar, c->trip_source, sizeof c->trip_source);
        c->trip_line = ar->currentline;
    }
}

static void push_trip_message(lua_State *L, clua_ctx *c) {
    char where[CLUA_SOURCE_SIZE + 24] = "";
    if (c->trip_line > 0)
        snprintf(where, sizeof where, "%s:%d: ", c->trip_source, c->trip_line);
    if (c->tripped == CLUA_TRIP_BUDGET) {
        lua_pushfstring(L, "%sinstruction budget exceeded (%I instructions)",
                        where, (lua_Integer)c->budget);
    } else if (c->tripped == CLUA_TRIP_INTERRUPT) {
        lua_pushfstring(L, "%sstopped: the call ran longer than its time limit (do less in one call: filter queries, spread work over timer ticks)", where);
    } else {
        char size[32];
        if (c->cap % (1024 * 1024) == 0)
            snprintf(size, sizeof size, "%zu MiB", c->cap / (1024 * 1024));
        else
            snprintf(size, sizeof size, "%zu bytes", c->cap);
        lua_pushfstring(L, "%smemory limit of %s exceeded", where, size);
    }
}

/// Dooms the current top-level call on this thread and raises the trip message.
static int raise_trip(lua_State *L, clua_ctx *c) {
    arm(L, 1);
    int previous = c->host;
    c->host = 1;  // the message itself must not fail on the cap
    if (lua_pushthread(L) == 0) clua_note_stopped_thread(L);  // a coroutine: never close it
    lua_pop(L, 1);
    push_trip_message(L, c);
    c->host = previous;
    return lua_error(L);
}

static void count_hook(lua_State *L, lua_Debug *ar) {
    clua_ctx *c = clua_ctx_of(L);
    if (c->tripped == CLUA_TRIP_NONE) {
        int count = lua_gethookcount(L);
        arm(L, CLUA_HOOK_INTERVAL);  // a thread may still carry count 1 from an earlier trip
        if (!c->active) return;
        c->executed += count + c->deferred;
        c->deferred = 0;
        if (c->refused)
            record_trip(c, L, ar, CLUA_TRIP_MEMORY);
        else if (__atomic_load_n(&c->interrupt, __ATOMIC_RELAXED))
            record_trip(c, L, ar, CLUA_TRIP_INTERRUPT);
        else if (c->budget > 0 && c->executed >= c->budget)
            record_trip(c, L, ar, CLUA_TRIP_BUDGET);
        else
            return;
    }
    raise_trip(L, c);
}

void clua_charge(lua_State *L, long long amount) {
    clua_ctx *c = clua_ctx_of(L);
    if (!c->active) return;
    if (c->tripped == CLUA_TRIP_NONE) {
        amount += c->deferred;
        c->deferred = 0;
        if (amount > 0)
            c->executed = amount > LLONG_MAX - c->executed ? LLONG_MAX : c->executed + amount;
        int kind = CLUA_TRIP_NONE;
        if (c->refused)
            kind = CLUA_TRIP_MEMORY;
        else if (__atomic_load_n(&c->interrupt, __ATOMIC_RELAXED))
            kind = CLUA_TRIP_INTERRUPT;
        else if (c->budget > 0 && c->executed >= c->budget)
            kind = CLUA_TRIP_BUDGET;
        if (kind == CLUA_TRIP_NONE) return;
        c->tripped = kind;
        int line = clua_where_info(L, 1, c->trip_source, sizeof c->trip_source);
        if (line > 0)
            c->trip_line = line;
        else
            c->trip_source[0] = '\0';
    }
    raise_trip(L, c);
}

void clua_begin_call(lua_State *L, long long budget) {
    clua_ctx *c = clua_ctx_of(L);
    c->active = 1;
    c->budget = budget;
    c->executed = 0;
    c->deferred = 0;
    c->tripped = CLUA_TRIP_NONE;
    c->refused = 0;
    c->trip_source[0] = '\0';
    c->trip_line = -1;
    arm(L, CLUA_HOOK_INTERVAL);
}

void clua_end_call(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    c->active = 0;
    c->tripped = CLUA_TRIP_NONE;
    c->refused = 0;
}

void clua_interrupt(lua_State *L) {
    __atomic_store_n(&clua_ctx_of(L)->interrupt, 1, __ATOMIC_RELAXED);
}

void clua_clear_interrupt(lua_State *L) {
    __atomic_store_n(&clua_ctx_of(L)->interrupt, 0, __ATOMIC_RELAXED);
}

int clua_interrupt_requested(lua_State *L) {
    return __atomic_load_n(&clua_ctx_of(L)->interrupt, __ATOMIC_RELAXED);
}

void clua_defer_charge(lua_State *L, long long amount) {
    clua_ctx *c = clua_ctx_of(L);
    if (c->active && amount > 0) c->deferred = amount > LLONG_MAX - c->deferred ? LLONG_MAX : c->deferred + amount;
}

size_t clua_memory_room(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    if (!c->active) return (size_t)-1;
    return c->used < c->cap ? c->cap - c->used : 0;
}

long long clua_instructions_used(lua_State *L) { return clua_ctx_of(L)->executed; }

long long clua_budget_room(lua_State *L) {
    clua_ctx *c = clua_ctx_of(L);
    if (!c->active || c->budget <= 0) return LLONG_MAX;
    long long spent = c->executed + c->deferred;
    return spent >= c->budget ? 0 : c->budget - spent;
}

int clua_trip_kind(lua_State *L) { return clua_ctx_of(L)->tripped; }
int clua_memory_refused(lua_State *L) { return clua_ctx_of(L)->refused; }
const char *clua_trip_source(lua_State *L) { return clua_ctx_of(L)->trip_source; }
int clua_trip_line(lua_State *L) { return clua_ctx_of(L)->trip_line; }

/// The pattern matcher's steps (pattern.c) are charged like any other C work. A state made
/// outside CLua (the differential checker's plain state) has no context: nothing to charge.
void clua_pattern_charge(lua_State *L, long long steps) {
    if (*(clua_ctx **)lua_getextraspace(L) != NULL) clua_charge(L, steps);
}
