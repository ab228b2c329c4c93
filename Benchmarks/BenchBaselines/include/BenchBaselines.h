#ifndef BENCH_BASELINES_H
#define BENCH_BASELINES_H
/* Baselines measured in the same run as the engine: plain C over Lua and SQLite.
 *
 * Each baseline does the same work as the engine figure it is compared with (same Lua
 * functions, same event tables, same SQL rows, same pragmas and transactions), without the
 * engine's Swift layers. See Benchmarks/stationbench for how each is used. */

#include <stddef.h>

int bench_baselines_version(void);

/* How many fsync/fdatasync calls this process has made so far (all of SQLite's, engine and baselines:
 * the bench interposes both functions to count them). */
long long bb_sync_count(void);

/* ---- Events as the journal holds them (NULL = absent field; has_* = 0 = absent number). ---- */
typedef struct bb_event {
    long long seq;
    int has_seq;
    long long at;          /* Unix seconds, rounded down, as HostValues.time */
    long long session;
    int has_session;
    const char *name;
    const char *user;
    const char *computer;
    const char *station;
    const char *from;
    const char *to;
    const char *actor;
    const char *reason;
    const char *detail;
} bb_event;

/* ---- (a) hook dispatch ---- */
typedef struct bb_hooks bb_hooks;

/* Opens `count` Lua states, each running `source`, which must define a global function `hook`
 * taking the event table. `sandboxed` = 1: states made exactly as the engine makes them (CLua's
 * capped allocator of `memory_cap` bytes, the sandboxed libraries, a `budget` instruction budget
 * armed around every call, the same message handler); 0: plain luaL_newstate + luaL_openlibs
 * with a bare lua_pcall. Returns NULL with a message in `error` on failure. */
bb_hooks *bb_hooks_open(int count, const char *source, int sandboxed, long long budget, size_t memory_cap,
                        char *error, size_t error_size);
void bb_hooks_close(bb_hooks *hooks);
/* For each event, in each state: builds the event table (the fields of HostValues.event) and calls
 * `hook` with it. Returns how many calls failed. */
long long bb_hooks_dispatch(bb_hooks *hooks, const bb_event *events, int count);

/* ---- (b) end to end: journal -> hooks -> cursor ---- */
/* Opens `db_path` (a store the engine created) with the store's settings, then reads the journal
 * after the cursor `cursor_name` in batches of 256 (`SELECT * FROM journal WHERE seq > ? ORDER BY
 * seq LIMIT 256`, each batch copied out of SQLite), dispatches each event to `hooks`, and after
 * each event writes the cursor in its own IMMEDIATE transaction, like Daemon.dispatchPending.
 * Returns the number of events handled, or -1 with a message in `error`. */
long long bb_end_to_end(bb_hooks *hooks, const char *db_path, const char *synchronous, const char *cursor_name,
                        char *error, size_t error_size);

/* ---- store connection with the store's settings (WAL, synchronous=FULL, foreign_keys=ON, busy 30 s) ---- */
/* `synchronous`: "FULL" (the store's configured level; NULL means FULL) or "NORMAL". */
typedef struct bb_store bb_store;
bb_store *bb_store_open(const char *db_path, const char *synchronous, char *error, size_t error_size);
void bb_store_close(bb_store *store);
/* Runs SQL (no results), for setup. Returns 0 on success. */
int bb_store_exec(bb_store *store, const char *sql, char *error, size_t error_size);

/* ---- (c) durable actions: one IMMEDIATE transaction per action ---- */
/* A user signs in at a free station: reads what the transition depends on (the computer's power and
 * schedule, the station, who is on it, the user's live session there), inserts the session and its
 * `signed_in` event, commits. Returns the new session id, or -1 with a message. */
long long bb_sign_in(bb_store *store, const char *user, const char *computer, const char *station, double now,
                     char *error, size_t error_size);
/* The session signs out: reads it and its station, deletes it, appends its `ended` event, commits.
 * Returns 0, or -1 with a message. */
int bb_sign_out(bb_store *store, long long session, double now, char *error, size_t error_size);

/* ---- (d) the filtered timer query and the listing ---- */
/* `SELECT * FROM session WHERE state = ? AND state_since < ? ORDER BY id` (state NULL: the unfiltered
 * listing `SELECT * FROM session ORDER BY id`), every column of every row copied out. Returns the
 * row count, or -1. */
long long bb_sessions(bb_store *store, const char *state, double state_since_before, char *error, size_t error_size);

#endif
