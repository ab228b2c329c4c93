// The C baselines of stationbench: the same work as the engine, straight on Lua's and SQLite's C APIs.
#include "BenchBaselines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "CLua.h"

#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------------------
 * Counting the syncs SQLite makes. These definitions interpose libc's fsync/fdatasync for the whole
 * process (the executable's symbols win over libc's for libsqlite3, which both GRDB and the baselines
 * use), make the same system call, and count it: the way to check that a commit really reached the
 * disk (synchronous = FULL syncs the WAL at every commit; NORMAL does not).
 * ---------------------------------------------------------------------------------------------- */

static atomic_llong sync_count;

int fdatasync(int fd) {
    atomic_fetch_add(&sync_count, 1);
    return (int)syscall(SYS_fdatasync, fd);
}

int fsync(int fd) {
    atomic_fetch_add(&sync_count, 1);
    return (int)syscall(SYS_fsync, fd);
}

long long bb_sync_count(void) { return atomic_load(&sync_count); }

static void set_error(char *error, size_t size, const char *format, const char *detail) {
    if (error != NULL && size > 0) snprintf(error, size, format, detail ? detail : "");
}

/* ------------------------------------------------------------------------------------------------
 * (a) hook dispatch
 * ---------------------------------------------------------------------------------------------- */

struct bb_hooks {
    int count;
    int sandboxed;
    long long budget;
    lua_State **states;
    int *refs;
};

/* CLua calls these only for Swift functions, which the baseline never creates. */
static int no_dispatch(lua_State *L, int index) {
    (void)index;
    lua_pushliteral(L, "no Swift functions in the baseline");
    return CLUA_RAISE_AS_IS;
}
static void no_release(lua_State *L, int index) {
    (void)L;
    (void)index;
}
/* The print emitter the sandbox wants: sandboxed states discard what scripts print. */
static int discard_print(lua_State *L) {
    (void)L;
    return 0;
}

void bb_hooks_close(bb_hooks *hooks) {
    if (hooks == NULL) return;
    for (int i = 0; i < hooks->count; i++) {
        if (hooks->states[i] == NULL) continue;
        if (hooks->sandboxed)
            clua_close(hooks->states[i]);
        else
            lua_close(hooks->states[i]);
    }
    free(hooks->states);
    free(hooks->refs);
    free(hooks);
}

bb_hooks *bb_hooks_open(int count, const char *source, int sandboxed, long long budget, size_t memory_cap,
                        char *error, size_t error_size) {
    bb_hooks *hooks = calloc(1, sizeof *hooks);
    if (hooks == NULL) return NULL;
    hooks->count = count;
    hooks->sandboxed = sandboxed;
    hooks->budget = budget;
    hooks->states = calloc((size_t)count, sizeof *hooks->states);
    hooks->refs = calloc((size_t)count, sizeof *hooks->refs);
    if (hooks->states == NULL || hooks->refs == NULL) {
        bb_hooks_close(hooks);
        return NULL;
    }
    for (int i = 0; i < count; i++) {
        lua_State *L;
        if (sandboxed) {
            // As LuaCore.open: capped allocator, then the sandboxed libraries in a protected call.
            L = clua_newstate(memory_cap, NULL, no_dispatch, no_release);
            if (L == NULL) goto fail;
            hooks->states[i] = L;
            lua_pushcfunction(L, clua_setup);
            lua_pushboolean(L, 1);
            lua_pushcfunction(L, discard_print);
            if (lua_pcall(L, 2, 0, 0) != LUA_OK) goto fail_lua;
            clua_set_host(L, 0);
        } else {
            L = luaL_newstate();
            if (L == NULL) goto fail;
            hooks->states[i] = L;
            luaL_openlibs(L);
        }
        if (luaL_loadbufferx(L, source, strlen(source), "@baseline.lua", "t") != LUA_OK) goto fail_lua;
        if (lua_pcall(L, 0, 0, 0) != LUA_OK) goto fail_lua;
        if (lua_getglobal(L, "hook") != LUA_TFUNCTION) {
            set_error(error, error_size, "the baseline source defines no global function `hook`%s", "");
            goto fail;
        }
        hooks->refs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    return hooks;
fail_lua:
    set_error(error, error_size, "%s", lua_tostring(hooks->states[0], -1));
fail:
    bb_hooks_close(hooks);
    return NULL;
}

static void set_string(lua_State *L, const char *key, const char *value) {
    if (value == NULL) return;  // nil fields are left out, as HostValues.table does
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
}

static void set_integer(lua_State *L, const char *key, long long value) {
    lua_pushinteger(L, (lua_Integer)value);
    lua_setfield(L, -2, key);
}

/* The table of HostValues.event: name, seq, at, session, user, computer, station, from, to, actor,
 * reason, detail; integers as integers, absent values left out. */
static void push_event(lua_State *L, const bb_event *e) {
    lua_createtable(L, 0, 12);
    set_string(L, "name", e->name);
    if (e->has_seq) set_integer(L, "seq", e->seq);
    set_integer(L, "at", e->at);
    if (e->has_session) set_integer(L, "session", e->session);
    set_string(L, "user", e->user);
    set_string(L, "computer", e->computer);
    set_string(L, "station", e->station);
    set_string(L, "from", e->from);
    set_string(L, "to", e->to);
    set_string(L, "actor", e->actor);
    set_string(L, "reason", e->reason);
    set_string(L, "detail", e->detail);
}

/* One hook call with the engine's protections: budget armed, message handler, stack restored. */
static int call_hook(bb_hooks *hooks, int i, const bb_event *e) {
    lua_State *L = hooks->states[i];
    int base = lua_gettop(L);
    int failed;
    if (hooks->sandboxed) {
        clua_begin_call(L, hooks->budget);
        clua_set_host(L, 1);  // building the arguments must not fail on the cap (as LuaCore.withHost)
        lua_pushcfunction(L, clua_msgh);
        lua_rawgeti(L, LUA_REGISTRYINDEX, hooks->refs[i]);
        push_event(L, e);
        clua_set_host(L, 0);
        int status = lua_pcall(L, 1, LUA_MULTRET, base + 1);
        failed = status != LUA_OK || clua_trip_kind(L) != CLUA_TRIP_NONE || clua_memory_refused(L);
        clua_end_call(L);
    } else {
        lua_rawgeti(L, LUA_REGISTRYINDEX, hooks->refs[i]);
        push_event(L, e);
        failed = lua_pcall(L, 1, LUA_MULTRET, 0) != LUA_OK;
    }
    lua_settop(L, base);
    return failed;
}

long long bb_hooks_dispatch(bb_hooks *hooks, const bb_event *events, int count) {
    long long failures = 0;
    for (int n = 0; n < count; n++)
        for (int i = 0; i < hooks->count; i++) failures += call_hook(hooks, i, &events[n]);
    return failures;
}

/* ------------------------------------------------------------------------------------------------
 * The store's connection settings
 * ---------------------------------------------------------------------------------------------- */

struct bb_store {
    sqlite3 *db;
    sqlite3_stmt *begin, *commit, *rollback;
    sqlite3_stmt *computer, *station, *on_station, *of_user, *insert_session, *insert_event;
    sqlite3_stmt *session_by_id, *delete_session;
    sqlite3_stmt *filtered, *all;
};

static sqlite3_stmt *prepare(bb_store *s, const char *sql) {
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) return NULL;
    return stmt;
}

void bb_store_close(bb_store *s) {
    if (s == NULL) return;
    sqlite3_stmt **all[] = {&s->begin, &s->commit, &s->rollback, &s->computer, &s->station, &s->on_station,
                            &s->of_user, &s->insert_session, &s->insert_event, &s->session_by_id,
                            &s->delete_session, &s->filtered, &s->all};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) sqlite3_finalize(*all[i]);
    sqlite3_close_v2(s->db);
    free(s);
}

/* As SessionStore.configuration: busy timeout 30 s, foreign keys on, synchronous FULL (or the level
 * given); the file is already in WAL mode (the engine created it). */
bb_store *bb_store_open(const char *path, const char *synchronous, char *error, size_t error_size) {
    bb_store *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        set_error(error, error_size, "cannot open the store: %s", sqlite3_errmsg(s->db));
        bb_store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 30000);
    char pragmas[160];
    snprintf(pragmas, sizeof pragmas, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = %s;",
             synchronous ? synchronous : "FULL");
    if (sqlite3_exec(s->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        set_error(error, error_size, "pragmas: %s", sqlite3_errmsg(s->db));
        bb_store_close(s);
        return NULL;
    }
    s->begin = prepare(s, "BEGIN IMMEDIATE");
    s->commit = prepare(s, "COMMIT");
    s->rollback = prepare(s, "ROLLBACK");
    s->computer = prepare(s, "SELECT power, shutdown_at FROM computer WHERE name = ?");
    s->station = prepare(s, "SELECT block_message FROM station WHERE computer = ? AND name = ?");
    s->on_station = prepare(s, "SELECT id FROM session WHERE computer = ? AND station = ?");
    s->of_user = prepare(s, "SELECT id, state FROM session WHERE user = ? AND computer = ?");
    s->insert_session = prepare(s,
        "INSERT INTO session (user, computer, station, state, suspended_by, started_at, state_since, last_activity) "
        "VALUES (?, ?, ?, 'active', NULL, ?, ?, ?)");
    s->insert_event = prepare(s,
        "INSERT INTO journal (at, event, session, user, computer, station, from_state, to_state, actor, reason, detail, depth) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'user', NULL, ?, 0)");
    s->session_by_id = prepare(s, "SELECT user, computer, station, state FROM session WHERE id = ?");
    s->delete_session = prepare(s, "DELETE FROM session WHERE id = ?");
    s->filtered = prepare(s, "SELECT * FROM session WHERE state = ? AND state_since < ? ORDER BY id");
    s->all = prepare(s, "SELECT * FROM session ORDER BY id");
    if (!s->begin || !s->commit || !s->rollback || !s->computer || !s->station || !s->on_station || !s->of_user ||
        !s->insert_session || !s->insert_event || !s->session_by_id || !s->delete_session || !s->filtered || !s->all) {
        set_error(error, error_size, "prepare: %s", sqlite3_errmsg(s->db));
        bb_store_close(s);
        return NULL;
    }
    return s;
}

int bb_store_exec(bb_store *s, const char *sql, char *error, size_t error_size) {
    char *message = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &message) != SQLITE_OK) {
        set_error(error, error_size, "%s", message);
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

static int run(sqlite3_stmt *stmt) {
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* ------------------------------------------------------------------------------------------------
 * (c) durable actions
 * ---------------------------------------------------------------------------------------------- */

static int fail_action(bb_store *s, char *error, size_t error_size, const char *what) {
    set_error(error, error_size, what, sqlite3_errmsg(s->db));
    run(s->rollback);
    return -1;
}

long long bb_sign_in(bb_store *s, const char *user, const char *computer, const char *station, double now,
                     char *error, size_t error_size) {
    if (run(s->begin)) return fail_action(s, error, error_size, "begin: %s");
    // What the transition depends on: the computer is running with no imminent shutdown, the
    // station exists and is not blocked, nobody is on it, the user has no live session there.
    sqlite3_bind_text(s->computer, 1, computer, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->computer);
    int ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s->computer, 0), "running") == 0 &&
             sqlite3_column_type(s->computer, 1) == SQLITE_NULL;
    sqlite3_reset(s->computer);
    if (!ok) return fail_action(s, error, error_size, "computer not running%s");
    sqlite3_bind_text(s->station, 1, computer, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->station, 2, station, -1, SQLITE_STATIC);
    rc = sqlite3_step(s->station);
    ok = rc == SQLITE_ROW && sqlite3_column_type(s->station, 0) == SQLITE_NULL;
    sqlite3_reset(s->station);
    if (!ok) return fail_action(s, error, error_size, "no such station or blocked%s");
    sqlite3_bind_text(s->on_station, 1, computer, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->on_station, 2, station, -1, SQLITE_STATIC);
    rc = sqlite3_step(s->on_station);
    sqlite3_reset(s->on_station);
    if (rc != SQLITE_DONE) return fail_action(s, error, error_size, "station taken%s");
    sqlite3_bind_text(s->of_user, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->of_user, 2, computer, -1, SQLITE_STATIC);
    rc = sqlite3_step(s->of_user);
    sqlite3_reset(s->of_user);
    if (rc != SQLITE_DONE) return fail_action(s, error, error_size, "user already has a session%s");

    sqlite3_bind_text(s->insert_session, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->insert_session, 2, computer, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->insert_session, 3, station, -1, SQLITE_STATIC);
    for (int i = 4; i <= 6; i++) sqlite3_bind_double(s->insert_session, i, now);
    if (run(s->insert_session)) return fail_action(s, error, error_size, "insert session: %s");
    long long id = sqlite3_last_insert_rowid(s->db);

    char station_id[256];
    snprintf(station_id, sizeof station_id, "%s/%s", computer, station);
    sqlite3_stmt *e = s->insert_event;
    sqlite3_bind_double(e, 1, now);
    sqlite3_bind_text(e, 2, "signed_in", -1, SQLITE_STATIC);
    sqlite3_bind_int64(e, 3, id);
    sqlite3_bind_text(e, 4, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 5, computer, -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 6, station_id, -1, SQLITE_STATIC);
    sqlite3_bind_null(e, 7);
    sqlite3_bind_text(e, 8, "active", -1, SQLITE_STATIC);
    sqlite3_bind_null(e, 9);
    if (run(e)) return fail_action(s, error, error_size, "insert event: %s");
    if (run(s->commit)) return fail_action(s, error, error_size, "commit: %s");
    return id;
}

int bb_sign_out(bb_store *s, long long session, double now, char *error, size_t error_size) {
    if (run(s->begin)) return fail_action(s, error, error_size, "begin: %s");
    sqlite3_bind_int64(s->session_by_id, 1, session);
    if (sqlite3_step(s->session_by_id) != SQLITE_ROW) {
        sqlite3_reset(s->session_by_id);
        return fail_action(s, error, error_size, "no such session%s");
    }
    char user[128], computer[128], station[128], state[16];
    snprintf(user, sizeof user, "%s", (const char *)sqlite3_column_text(s->session_by_id, 0));
    snprintf(computer, sizeof computer, "%s", (const char *)sqlite3_column_text(s->session_by_id, 1));
    const unsigned char *st = sqlite3_column_text(s->session_by_id, 2);
    snprintf(station, sizeof station, "%s", st ? (const char *)st : "");
    snprintf(state, sizeof state, "%s", (const char *)sqlite3_column_text(s->session_by_id, 3));
    sqlite3_reset(s->session_by_id);
    if (st == NULL || strcmp(state, "suspended") == 0) return fail_action(s, error, error_size, "suspended%s");
    // A user verb is refused on a blocked station.
    sqlite3_bind_text(s->station, 1, computer, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->station, 2, station, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s->station);
    int ok = rc == SQLITE_ROW && sqlite3_column_type(s->station, 0) == SQLITE_NULL;
    sqlite3_reset(s->station);
    if (!ok) return fail_action(s, error, error_size, "blocked%s");

    sqlite3_bind_int64(s->delete_session, 1, session);
    if (run(s->delete_session)) return fail_action(s, error, error_size, "delete: %s");
    char station_id[260];
    snprintf(station_id, sizeof station_id, "%s/%s", computer, station);
    sqlite3_stmt *e = s->insert_event;
    sqlite3_bind_double(e, 1, now);
    sqlite3_bind_text(e, 2, "ended", -1, SQLITE_STATIC);
    sqlite3_bind_int64(e, 3, session);
    sqlite3_bind_text(e, 4, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 5, computer, -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 6, station_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 7, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 8, "ended", -1, SQLITE_STATIC);
    sqlite3_bind_text(e, 9, "sign_out", -1, SQLITE_STATIC);
    if (run(e)) return fail_action(s, error, error_size, "insert event: %s");
    if (run(s->commit)) return fail_action(s, error, error_size, "commit: %s");
    return 0;
}

/* ------------------------------------------------------------------------------------------------
 * Copying rows out of SQLite: an arena of text, so a result outlives its statement.
 * ---------------------------------------------------------------------------------------------- */

typedef struct arena {
    char *bytes;
    size_t used, size;
} arena;

static const char *arena_copy(arena *a, const unsigned char *text, int length) {
    if (text == NULL) return NULL;
    if (a->used + (size_t)length + 1 > a->size) {
        // Pointers handed out earlier stay valid: chunks are chained, never moved.
        size_t size = a->size * 2 > 65536 ? a->size * 2 : 65536;
        if (size < (size_t)length + 1 + sizeof(char *)) size = (size_t)length + 1 + sizeof(char *);
        char *chunk = malloc(size);
        if (chunk == NULL) abort();
        memcpy(chunk, &a->bytes, sizeof(char *));  // link to the previous chunk
        a->bytes = chunk;
        a->used = sizeof(char *);
        a->size = size;
    }
    char *out = a->bytes + a->used;
    memcpy(out, text, (size_t)length);
    out[length] = '\0';
    a->used += (size_t)length + 1;
    return out;
}

static void arena_free(arena *a) {
    char *chunk = a->bytes;
    while (chunk != NULL) {
        char *previous;
        memcpy(&previous, chunk, sizeof(char *));
        free(chunk);
        chunk = previous;
    }
    a->bytes = NULL;
    a->used = a->size = 0;
}

static const char *column_text(arena *a, sqlite3_stmt *stmt, int i) {
    const unsigned char *text = sqlite3_column_text(stmt, i);
    return arena_copy(a, text, sqlite3_column_bytes(stmt, i));
}

/* ------------------------------------------------------------------------------------------------
 * (d) the filtered query
 * ---------------------------------------------------------------------------------------------- */

typedef struct session_row {
    long long id;
    const char *user, *computer, *station, *state, *suspended_by;
    double started_at, state_since, last_activity;
} session_row;

long long bb_sessions(bb_store *s, const char *state, double before, char *error, size_t error_size) {
    sqlite3_stmt *stmt = state ? s->filtered : s->all;
    if (state) {
        sqlite3_bind_text(stmt, 1, state, -1, SQLITE_STATIC);
        sqlite3_bind_double(stmt, 2, before);
    }
    arena text = {0};
    size_t capacity = 256, count = 0;
    session_row *rows = malloc(capacity * sizeof *rows);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (count == capacity) {
            capacity *= 2;
            rows = realloc(rows, capacity * sizeof *rows);
            if (rows == NULL) abort();
        }
        session_row *r = &rows[count++];
        r->id = sqlite3_column_int64(stmt, 0);
        r->user = column_text(&text, stmt, 1);
        r->computer = column_text(&text, stmt, 2);
        r->station = column_text(&text, stmt, 3);
        r->state = column_text(&text, stmt, 4);
        r->suspended_by = column_text(&text, stmt, 5);
        r->started_at = sqlite3_column_double(stmt, 6);
        r->state_since = sqlite3_column_double(stmt, 7);
        r->last_activity = sqlite3_column_double(stmt, 8);
    }
    sqlite3_reset(stmt);
    free(rows);
    arena_free(&text);
    if (rc != SQLITE_DONE) {
        set_error(error, error_size, "query: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    return (long long)count;
}

/* ------------------------------------------------------------------------------------------------
 * (b) end to end
 * ---------------------------------------------------------------------------------------------- */

long long bb_end_to_end(bb_hooks *hooks, const char *path, const char *synchronous, const char *cursor_name,
                        char *error, size_t error_size) {
    bb_store *s = bb_store_open(path, synchronous, error, error_size);
    if (s == NULL) return -1;
    long long handled = -1;
    sqlite3_stmt *read_cursor = prepare(s, "SELECT seq FROM cursor WHERE name = ?");
    sqlite3_stmt *batch = prepare(s, "SELECT * FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
    sqlite3_stmt *write_cursor =
        prepare(s, "INSERT INTO cursor (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq");
    enum { BATCH = 256 };
    bb_event events[BATCH];
    if (!read_cursor || !batch || !write_cursor) {
        set_error(error, error_size, "prepare: %s", sqlite3_errmsg(s->db));
        goto done;
    }
    long long cursor = 0;
    sqlite3_bind_text(read_cursor, 1, cursor_name, -1, SQLITE_STATIC);
    if (sqlite3_step(read_cursor) == SQLITE_ROW) cursor = sqlite3_column_int64(read_cursor, 0);
    sqlite3_reset(read_cursor);
    handled = 0;
    for (;;) {
        // A batch, copied out of SQLite (as the engine's [Event]).
        arena text = {0};
        int count = 0;
        sqlite3_bind_int64(batch, 1, cursor);
        sqlite3_bind_int(batch, 2, BATCH);
        while (sqlite3_step(batch) == SQLITE_ROW) {
            bb_event *e = &events[count++];
            e->seq = sqlite3_column_int64(batch, 0);
            e->has_seq = 1;
            e->at = (long long)sqlite3_column_double(batch, 1);
            e->name = column_text(&text, batch, 2);
            e->has_session = sqlite3_column_type(batch, 3) != SQLITE_NULL;
            e->session = sqlite3_column_int64(batch, 3);
            e->user = column_text(&text, batch, 4);
            e->computer = column_text(&text, batch, 5);
            e->station = column_text(&text, batch, 6);
            e->from = column_text(&text, batch, 7);
            e->to = column_text(&text, batch, 8);
            e->actor = column_text(&text, batch, 9);
            e->reason = column_text(&text, batch, 10);
            e->detail = column_text(&text, batch, 11);
        }
        sqlite3_reset(batch);
        for (int n = 0; n < count; n++) {
            for (int i = 0; i < hooks->count; i++) call_hook(hooks, i, &events[n]);
            cursor = events[n].seq;
            handled++;
        }
        // The cursor, in its own transaction, once per batch (these hooks do not act, so an event
        // delivered again after a crash repeats nothing; the daemon does the same).
        if (count > 0) {
            int ok = run(s->begin) == 0;
            sqlite3_bind_text(write_cursor, 1, cursor_name, -1, SQLITE_STATIC);
            sqlite3_bind_int64(write_cursor, 2, cursor);
            ok = ok && run(write_cursor) == 0 && run(s->commit) == 0;
            if (!ok) {
                set_error(error, error_size, "cursor: %s", sqlite3_errmsg(s->db));
                run(s->rollback);
                arena_free(&text);
                handled = -1;
                goto done;
            }
        }
        arena_free(&text);
        if (count == 0) break;
    }
done:
    sqlite3_finalize(read_cursor);
    sqlite3_finalize(batch);
    sqlite3_finalize(write_cursor);
    bb_store_close(s);
    return handled;
}
