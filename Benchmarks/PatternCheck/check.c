// The differential checker of CLua/pattern.c: generated calls of find, match,
// gmatch and gsub run on Lua's library and on pattern.c in one plain state,
// their outcomes (every result with its type, or the error message) compared
// as strings. The implementation under test is installed in the string table
// for its turn, so "bad argument ... to 'string.find'" names come out alike.
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 199309L  // clock_gettime under strict C99
#endif
#include "PatternCheck.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

#include "../../CLua/pattern.h"

static const char *const names[4] = {"find", "match", "gmatch", "gsub"};
static const lua_CFunction ours[4] = {clua_str_find, clua_str_match, clua_str_gmatch, clua_str_gsub};

/* ---- the Lua side: running a call and describing its outcome ---- */

// Returns run(op, args) -> outcome string, and the replacement fixtures.
static const char runner_chunk[] =
    "local select, type, tostring, pcall = select, type, tostring, pcall\n"
    "local format, concat, unpack, pack = string.format, table.concat, table.unpack, table.pack\n"
    "local mtype = math.type\n"
    "local function describe(...)\n"
    "  local out = {tostring(select('#', ...))}\n"
    "  for i = 1, select('#', ...) do\n"
    "    local v = select(i, ...)\n"
    "    local t = type(v)\n"
    "    if t == 'string' then out[#out + 1] = format('%q', v)\n"
    "    elseif mtype(v) == 'integer' then out[#out + 1] = 'integer:' .. tostring(v)\n"
    "    elseif t == 'number' then out[#out + 1] = 'float:' .. format('%.17g', v)\n"
    "    elseif t == 'boolean' or t == 'nil' then out[#out + 1] = tostring(v)\n"
    "    else out[#out + 1] = t end\n"
    "  end\n"
    "  return concat(out, ' ')\n"
    "end\n"
    "local function run(op, args)\n"
    "  local f = string[op]\n"
    "  if op ~= 'gmatch' then return describe(pcall(f, unpack(args, 1, args.n))) end\n"
    "  local ok, it = pcall(f, unpack(args, 1, args.n))\n"
    "  if not ok then return describe(ok, it) end\n"
    "  local out, stops = {}, 0\n"
    "  for _ = 1, 40 do  -- on past the first end or error: the iterator keeps its place\n"
    "    local r = pack(pcall(it, 'ignored', 0))\n"
    "    out[#out + 1] = describe(unpack(r, 1, r.n))\n"
    "    if not r[1] or r.n == 1 or r[2] == nil then stops = stops + 1 end\n"
    "    if stops == 2 then break end\n"
    "    -- After this error Lua's iterator nests without limit; pattern.c's does not.\n"
    "    if r[2] == 'pattern too complex' then break end\n"
    "  end\n"
    "  return concat(out, ' ; ')\n"
    "end\n"
    "local function captures(...)\n"
    "  local t = {}\n"
    "  for i = 1, select('#', ...) do t[i] = type((select(i, ...))) .. tostring((select(i, ...))) end\n"
    "  return concat(t, '|')\n"
    "end\n"
    "local functions = {\n"
    "  captures,\n"
    "  function() return nil end,\n"
    "  function(a) if type(a) == 'string' and #a % 2 == 0 then return false end return a end,\n"
    "  function() return {} end,\n"
    "  function(...) return select('#', ...) end,\n"
    "  function() return 1.5 end,\n"
    "  function() return true end,\n"
    "}\n"
    "local tables = {\n"
    "  {a = '<A>', b = false, ab = 7, [1] = 'one', [2] = {}, x = '%1', [''] = 'E'},\n"
    "  {},\n"
    "  setmetatable({}, {__index = function(_, k) return type(k) .. tostring(k) end}),\n"
    "}\n"
    "return run, functions, tables\n";

/* ---- random cases ---- */

typedef struct {
    unsigned long long state;
} Rng;

static unsigned long long next_random(Rng *r) {  // splitmix64
    unsigned long long z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int below(Rng *r, int n) { return (int)(next_random(r) % (unsigned)n); }

static int chance(Rng *r, int percent) { return below(r, 100) < percent; }

static char pick(Rng *r, const char *from, size_t n) { return from[below(r, (int)n)]; }

#define PICK(r, lit) pick(r, lit, sizeof lit - 1)

typedef struct {
    char bytes[2048];
    size_t len;
    int unbounded;  // '*', '+', '-', %b and back-references so far
} Text;

static void put(Text *t, char c) {
    if (t->len < sizeof t->bytes) t->bytes[t->len++] = c;
}

static void puts_text(Text *t, const char *s) {
    while (*s) put(t, *s++);
}

static void gen_set(Rng *r, Text *t) {
    put(t, '[');
    if (chance(r, 25)) put(t, '^');
    if (chance(r, 10)) put(t, ']');
    for (int n = 1 + below(r, 4); n > 0; n--) {
        switch (below(r, 6)) {
        case 0: put(t, '%'); put(t, PICK(r, "adswxpAS]%-^l")); break;
        case 1: put(t, PICK(r, "a(x")); put(t, '-'); put(t, PICK(r, "bz)%]")); break;
        case 2: put(t, '-'); break;
        default: put(t, PICK(r, "ab()x^$.\0[1 "));
        }
    }
    if (!chance(r, 4)) put(t, ']');
}

static void gen_single(Rng *r, Text *t) {
    switch (below(r, 8)) {
    case 0: put(t, '.'); break;
    case 1: case 2: put(t, '%'); put(t, PICK(r, "adswxpcgluADSWXPzq()%.[]-^$")); break;
    case 3: gen_set(r, t); break;
    default: put(t, PICK(r, "aaabbx1 \0A]^$"));
    }
    if (chance(r, 45)) {
        char q = PICK(r, "*+-?");
        if (q != '?' && t->unbounded >= 4) q = '?';
        if (q != '?') t->unbounded++;
        put(t, q);
    }
}

static void gen_items(Rng *r, Text *t, int nesting, int count);

static void gen_item(Rng *r, Text *t, int nesting) {
    switch (below(r, 20)) {
    case 0: case 1:
        put(t, '(');
        if (chance(r, 15)) {
            put(t, ')');
            break;
        }
        gen_items(r, t, nesting + 1, below(r, 3));
        if (!chance(r, 5)) put(t, ')');
        break;
    case 2:
        if (t->unbounded >= 4) break;
        t->unbounded++;
        puts_text(t, "%b");
        for (int n = chance(r, 5) ? below(r, 2) : 2; n > 0; n--) put(t, PICK(r, "()ab[]"));
        break;
    case 3:
        puts_text(t, "%f");
        if (chance(r, 5)) put(t, 'a');
        else gen_set(r, t);
        break;
    case 4:
        if (t->unbounded >= 4 || chance(r, 50)) break;
        t->unbounded++;
        put(t, '%');
        put(t, PICK(r, "011123"));
        break;
    case 5:
        put(t, PICK(r, "^$)%"));
        break;
    default:
        gen_single(r, t);
    }
}

static void gen_items(Rng *r, Text *t, int nesting, int count) {
    for (int i = 0; i < count && nesting < 4; i++) gen_item(r, t, nesting);
}

static void gen_pattern(Rng *r, Text *t) {
    t->len = 0;
    t->unbounded = 0;
    if (chance(r, 8)) {  // raw bytes, often malformed
        for (int n = below(r, 9); n > 0; n--) put(t, PICK(r, "ab^$*+?.()[]%-x\0fb1"));
        return;
    }
    if (chance(r, 20)) put(t, '^');
    gen_items(r, t, 0, below(r, 7));
    if (chance(r, 15)) put(t, '$');
}

static void gen_subject(Rng *r, Text *t) {
    t->len = 0;
    int n = chance(r, 10) ? below(r, 30) : below(r, 13);
    for (; n > 0; n--) put(t, PICK(r, "aaabbbx()%[]-^$. \0A1"));
}

// A pattern that nests about 200 levels (or opens about 32 captures) without
// backtracking, on a subject it cannot fail: checks "pattern too complex"
// and "too many captures" at their thresholds.
static void gen_deep(Rng *r, Text *pattern, Text *subject) {
    static const char *const items[] = {"a?", ".?", "%a?", "[a]?", "a-", ".-", "a*", "b?", "(a?)", "()"};
    int which = below(r, 10);
    int count = which < 8 ? 185 + below(r, 30) : 28 + below(r, 8);
    pattern->len = subject->len = 0;
    if (chance(r, 30)) put(pattern, '(');
    for (int i = 0; i < count; i++) puts_text(pattern, items[which]);
    if (pattern->bytes[0] == '(') put(pattern, ')');
    for (int n = 150 + below(r, 120); n > 0; n--) put(subject, chance(r, 95) ? 'a' : 'b');
}

/// A subject made from the pattern's own bytes, so that literals match.
static void gen_subject_like(Rng *r, const Text *pattern, Text *t) {
    t->len = 0;
    for (int n = below(r, 3); n > 0; n--) put(t, PICK(r, "ab( x"));
    for (size_t i = 0; i < pattern->len; i++) {
        char c = pattern->bytes[i];
        if (chance(r, 20)) continue;
        put(t, chance(r, 80) ? c : PICK(r, "aab)x1 \0"));
        if (chance(r, 20)) put(t, c);
    }
    for (int n = below(r, 3); n > 0; n--) put(t, PICK(r, "ab) x"));
}

/* ---- arguments ---- */

enum { A_STRING, A_INT, A_FLOAT, A_BOOL, A_NIL, A_FUNCTION, A_TABLE, A_BADTABLE };

typedef struct {
    int kind;
    long long value;  // A_INT, A_BOOL, the fixture index
    double number;
    Text text;
} Arg;

typedef struct {
    int op;  // index in names
    int argc;
    Arg args[4];
} Case;

static void set_string(Arg *a, const Text *t) {
    a->kind = A_STRING;
    a->text = *t;
}

static void set_int(Arg *a, long long v) {
    a->kind = A_INT;
    a->value = v;
}

static void gen_init(Rng *r, Arg *a) {
    static const long long far[] = {1000000000LL, -1000000000LL, 0x7fffffffffffffffLL,
                                    -0x7fffffffffffffffLL - 1};
    int k = below(r, 20);
    if (k < 14) set_int(a, below(r, 33) - 16);
    else if (k < 16) set_int(a, far[below(r, 4)]);
    else if (k == 16) a->kind = A_NIL;
    else if (k == 17) {
        a->kind = A_FLOAT;
        a->number = chance(r, 50) ? 2.0 : 1.5;
    } else if (k == 18) {
        a->kind = A_STRING;
        a->text.len = 0;
        put(&a->text, PICK(r, "0123x"));
    } else {
        a->kind = A_BADTABLE;
    }
}

static void gen_template(Rng *r, Arg *a) {
    Text *t = &a->text;
    a->kind = A_STRING;
    t->len = 0;
    for (int n = below(r, 5); n > 0; n--) {
        if (chance(r, 50)) {
            put(t, '%');
            put(t, PICK(r, "0112239%x\0"));
            if (chance(r, 5)) t->len--;  // a '%' at the end
        } else {
            put(t, PICK(r, "ab-\0"));
        }
    }
}

static void gen_replacement(Rng *r, Arg *a) {
    int k = below(r, 20);
    if (k < 8) gen_template(r, a);
    else if (k < 13) {
        a->kind = A_FUNCTION;
        a->value = below(r, 7);
    } else if (k < 17) {
        a->kind = A_TABLE;
        a->value = below(r, 3);
    } else if (k == 17) set_int(a, 12);
    else if (k == 18) {
        a->kind = A_FLOAT;
        a->number = 3.5;
    } else {
        a->kind = chance(r, 50) ? A_BOOL : A_NIL;
        a->value = 1;
    }
}

static void gen_flag(Rng *r, Arg *a) {
    int k = below(r, 5);
    if (k < 2) {
        a->kind = A_BOOL;
        a->value = k;
    } else if (k == 2) a->kind = A_NIL;
    else if (k == 3) set_int(a, 0);
    else {
        a->kind = A_STRING;
        a->text.len = 0;
    }
}

static void gen_limit(Rng *r, Arg *a) {
    int k = below(r, 12);
    if (k < 8) set_int(a, below(r, 6) - 1);
    else if (k == 8) set_int(a, 1000000000LL);
    else if (k == 9) a->kind = A_NIL;
    else if (k == 10) {
        a->kind = A_FLOAT;
        a->number = chance(r, 50) ? 2.0 : 1.5;
    } else {
        a->kind = A_BADTABLE;
    }
}

/// Occasionally replaces a subject or pattern by a value of another type.
static void maybe_mistype(Rng *r, Arg *a) {
    if (!chance(r, 2)) return;
    int k = below(r, 4);
    if (k == 0) set_int(a, 123);
    else if (k == 1) {
        a->kind = A_FLOAT;
        a->number = 12.5;
    } else if (k == 2) a->kind = A_NIL;
    else a->kind = A_BADTABLE;
}

static void gen_case(Rng *r, Case *c) {
    Text pattern, subject;
    if (chance(r, 3)) gen_deep(r, &pattern, &subject);
    else {
        gen_pattern(r, &pattern);
        if (chance(r, 35)) gen_subject_like(r, &pattern, &subject);
        else gen_subject(r, &subject);
    }
    c->op = below(r, 4);
    set_string(&c->args[0], &subject);
    set_string(&c->args[1], &pattern);
    maybe_mistype(r, &c->args[0]);
    maybe_mistype(r, &c->args[1]);
    c->argc = 2;
    if (c->op == 3) {
        gen_replacement(r, &c->args[2]);
        c->argc = 3 + chance(r, 40);
        if (c->argc == 4) gen_limit(r, &c->args[3]);
        if (chance(r, 3)) c->argc = 2;  // no replacement at all
        return;
    }
    if (chance(r, 60)) {
        gen_init(r, &c->args[2]);
        c->argc = 3;
        if (c->op == 0 && chance(r, 40)) {
            gen_flag(r, &c->args[3]);
            c->argc = 4;
        }
    }
}

/* ---- running ---- */

typedef struct {
    lua_State *L;
    int run, functions, tables;  // stack indices
    int reals;                   // a table of Lua's own four functions
} Checker;

static void push_arg(Checker *k, const Arg *a) {
    lua_State *L = k->L;
    switch (a->kind) {
    case A_STRING: lua_pushlstring(L, a->text.bytes, a->text.len); break;
    case A_INT: lua_pushinteger(L, a->value); break;
    case A_FLOAT: lua_pushnumber(L, a->number); break;
    case A_BOOL: lua_pushboolean(L, (int)a->value); break;
    case A_FUNCTION: lua_rawgeti(L, k->functions, a->value + 1); break;
    case A_TABLE: lua_rawgeti(L, k->tables, a->value + 1); break;
    case A_BADTABLE: lua_newtable(L); break;
    default: lua_pushnil(L);
    }
}

static void install(Checker *k, int real) {
    lua_State *L = k->L;
    lua_getglobal(L, "string");
    for (int i = 0; i < 4; i++) {
        if (real) lua_getfield(L, k->reals, names[i]);
        else lua_pushcfunction(L, ours[i]);
        lua_setfield(L, -2, names[i]);
    }
    lua_pop(L, 1);
}

/// Leaves the outcome string of the case on the stack.
static void run_case(Checker *k, const Case *c, int real) {
    lua_State *L = k->L;
    install(k, real);
    lua_pushvalue(L, k->run);
    lua_pushstring(L, names[c->op]);
    lua_createtable(L, c->argc, 1);
    for (int i = 0; i < c->argc; i++) {
        push_arg(k, &c->args[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_pushinteger(L, c->argc);
    lua_setfield(L, -2, "n");
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) lua_pushfstring(L, "runner failed: %s", lua_tostring(L, -1));
}

static size_t append(char *report, size_t size, size_t used, const char *s, size_t n) {
    if (size == 0 || used >= size - 1) return used;
    if (n > size - 1 - used) n = size - 1 - used;
    memcpy(report + used, s, n);
    report[used + n] = '\0';
    return used + n;
}

static void describe_arg(luaL_Buffer *b, const Arg *a) {
    lua_State *L = b->L;
    switch (a->kind) {
    case A_STRING:
        lua_getglobal(L, "string");
        lua_getfield(L, -1, "format");
        lua_pushliteral(L, "%q");
        lua_pushlstring(L, a->text.bytes, a->text.len);
        lua_call(L, 2, 1);
        lua_remove(L, -2);
        luaL_addvalue(b);
        return;
    case A_INT: lua_pushfstring(L, "%I", (lua_Integer)a->value); break;
    case A_FLOAT: lua_pushfstring(L, "%f", a->number); break;
    case A_BOOL: lua_pushstring(L, a->value ? "true" : "false"); break;
    case A_FUNCTION: lua_pushfstring(L, "<function %d>", (int)a->value + 1); break;
    case A_TABLE: lua_pushfstring(L, "<table %d>", (int)a->value + 1); break;
    case A_BADTABLE: lua_pushliteral(L, "{}"); break;
    default: lua_pushliteral(L, "nil");
    }
    luaL_addvalue(b);
}

/// Pushes a description of a disagreement; real and ours are stack indices.
static void push_disagreement(Checker *k, const Case *c, int real, int ours_index) {
    lua_State *L = k->L;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, names[c->op]);
    luaL_addchar(&b, '(');
    for (int i = 0; i < c->argc; i++) {
        if (i > 0) luaL_addstring(&b, ", ");
        describe_arg(&b, &c->args[i]);
    }
    luaL_addstring(&b, ")\n  lua:     ");
    lua_pushvalue(L, real);
    luaL_addvalue(&b);
    luaL_addstring(&b, "\n  pattern: ");
    lua_pushvalue(L, ours_index);
    luaL_addvalue(&b);
    luaL_addstring(&b, "\n");
    luaL_pushresult(&b);
}

static lua_State *open_checker(Checker *k) {
    lua_State *L = luaL_newstate();
    if (L == NULL) return NULL;
    // The embedder's clua_pattern_charge finds its context in the extra
    // space; none here (it must then charge nothing).
    memset(lua_getextraspace(L), 0, LUA_EXTRASPACE);
    luaL_openlibs(L);
    if (luaL_loadstring(L, runner_chunk) != LUA_OK || lua_pcall(L, 0, 3, 0) != LUA_OK) {
        lua_close(L);
        return NULL;
    }
    k->L = L;
    k->run = lua_absindex(L, -3);
    k->functions = lua_absindex(L, -2);
    k->tables = lua_absindex(L, -1);
    lua_newtable(L);
    k->reals = lua_gettop(L);
    lua_getglobal(L, "string");
    for (int i = 0; i < 4; i++) {
        lua_getfield(L, -1, names[i]);
        lua_setfield(L, k->reals, names[i]);
    }
    lua_pop(L, 1);
    return L;
}

long pc_run(unsigned long long seed, long cases, char *report, size_t report_size) {
    Checker k;
    lua_State *L = open_checker(&k);
    if (L == NULL) return -1;
    Rng rng = {seed};
    long disagreements = 0;
    size_t used = append(report, report_size, 0, "", 0);
    int base = lua_gettop(L);
    for (long i = 0; i < cases; i++) {
        Case c;
        gen_case(&rng, &c);
        run_case(&k, &c, 1);
        run_case(&k, &c, 0);
        if (strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) != 0) {
            if (disagreements++ < 5) {
                size_t n;
                push_disagreement(&k, &c, base + 1, base + 2);
                const char *text = lua_tolstring(L, -1, &n);
                used = append(report, report_size, used, text, n);
            }
        }
        lua_settop(L, base);
    }
    lua_close(L);
    return disagreements;
}

/* ---- speed ---- */

// Runs the workload `rounds` times with find, match, gmatch and gsub from
// the table given; returns the number of results, so no work is optimized out.
static const char speed_chunk[] =
    "local lib, text, lines, rounds = ...\n"
    "local find, match, gmatch, gsub = lib.find, lib.match, lib.gmatch, lib.gsub\n"
    "local n = 0\n"
    "for _ = 1, rounds do\n"
    "  for i = 1, #lines do\n"
    "    local line = lines[i]\n"
    "    if match(line, '%d+') then n = n + 1 end\n"
    "    if match(line, '^(%w+)=(%w+)$') then n = n + 1 end\n"
    "    n = n + #match(line, '%s*(.-)%s*$')\n"
    "    if find(line, '=', 1, true) then n = n + 1 end\n"
    "  end\n"
    "  n = n + select(2, gsub(text, '%a+', 'w'))\n"
    "  for w in gmatch(text, '%a+') do n = n + 1 end\n"
    "end\n"
    "return n\n";

static void push_speed_inputs(lua_State *L) {
    static const char *const samples[] = {
        "name=value", "  padded words here   ", "count=42", "x = 17 apples and 3 pears",
        "key9=v9", "no digits at all, just text.", "\ttabbed\tline 2024\t", "a=b=c",
    };
    luaL_Buffer b;
    lua_newtable(L);  // lines
    luaL_buffinit(L, &b);
    for (int i = 0; i < 96; i++) {
        const char *s = samples[i % 8];
        lua_pushstring(L, s);
        lua_rawseti(L, -3, i + 1);
        luaL_addstring(&b, s);
        luaL_addchar(&b, '\n');
    }
    luaL_pushresult(&b);  // text, about 2 KB
    lua_insert(L, -2);
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/// Seconds for one run of the workload with the library table at `lib`.
static double time_workload(lua_State *L, int chunk, int lib, int rounds) {
    lua_pushvalue(L, chunk);
    lua_pushvalue(L, lib);
    push_speed_inputs(L);
    lua_pushinteger(L, rounds);
    double start = seconds();
    int status = lua_pcall(L, 4, 1, 0);
    double elapsed = seconds() - start;
    lua_pop(L, 1);
    return status == LUA_OK ? elapsed : -1;
}

double pc_speed_ratio(int rounds) {
    Checker k;
    lua_State *L = open_checker(&k);
    if (L == NULL || luaL_loadstring(L, speed_chunk) != LUA_OK) return -1;
    int chunk = lua_gettop(L);
    lua_newtable(L);
    for (int i = 0; i < 4; i++) {
        lua_pushcfunction(L, ours[i]);
        lua_setfield(L, -2, names[i]);
    }
    int mine = lua_gettop(L);
    double real = 1e300, ours_best = 1e300;
    for (int trial = 0; trial < 5; trial++) {  // the best of five, alternating
        double a = time_workload(L, chunk, k.reals, rounds);
        double b = time_workload(L, chunk, mine, rounds);
        if (a < 0 || b < 0) {
            lua_close(L);
            return -1;
        }
        if (a < real) real = a;
        if (b < ours_best) ours_best = b;
    }
    lua_close(L);
    return ours_best > 0 ? real / ours_best : -1;
}
