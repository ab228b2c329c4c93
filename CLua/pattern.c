// Lua 5.4 patterns (reference manual §6.4.1) and string.find, match, gmatch
// and gsub (§6.4), written from the manual and checked against the real
// library as a black box (Benchmarks/PatternCheck). The library's matcher
// backtracks inside C, out of reach of the count hook; this one counts its
// steps and charges them through clua_pattern_charge as it goes.
//
// A step is one start position tried, one pattern item tried at a subject
// position (so every backtrack), one byte tested against a class, one set
// member examined, one byte compared by a back-reference or a plain find,
// one per 4 bytes of a set parsed and one per 16 bytes copied or skipped.
// Nothing is malloc'ed: the charge (and a gsub replacement) may raise, so the
// state lives on the C stack and in Lua objects.
//
// Errors are raised when the matcher reaches the faulty item, as the library
// does, and nesting is limited as in the library: each capture, each '?'
// item that matched and each continuation tried by '*', '+' and '-' nests
// one level, and more than 200 levels is "pattern too complex". Every other
// item continues in a loop, so the C stack stays within those 200 levels.
#include <ctype.h>
#include <string.h>
#include <lua5.4/lauxlib.h>
#include "pattern.h"

#define MAX_CAPTURES 32   // LUA_MAXCAPTURES
#define MAX_DEPTH 200     // the library's MAXCCALLS
#define CHARGE_EVERY 1024
#define CAP_OPEN (-1)     // capture started, not yet closed
#define CAP_POSITION (-2) // "()": captures a position

typedef unsigned char uchar;

typedef struct {
    lua_State *L;
    const char *src, *src_end;  // the whole subject
    const char *pat, *pat_end;  // the pattern, after an anchoring '^'
    int depth;                  // nesting levels left
    int *kept_depth;            // where an error leaves depth (gmatch), or NULL
    int level;                  // captures started
    long long steps;            // not charged yet
    struct {
        const char *at;
        ptrdiff_t len;  // or CAP_OPEN, CAP_POSITION
    } cap[MAX_CAPTURES];
} Matcher;

/* ---- steps and errors ---- */

static void flush(Matcher *m) {
    long long n = m->steps;
    m->steps = 0;
    if (n > 0) clua_pattern_charge(m->L, n);
}

static inline void step(Matcher *m, long long n) {
    if ((m->steps += n) >= CHARGE_EVERY) flush(m);
}

static void fail(Matcher *m, const char *message) {
    if (m->kept_depth != NULL) *m->kept_depth = m->depth;
    flush(m);
    luaL_error(m->L, "%s", message);
}

static void fail_index(Matcher *m, int index) {
    if (m->kept_depth != NULL) *m->kept_depth = m->depth;
    flush(m);
    luaL_error(m->L, "invalid capture index %%%d", index);
}

static void matcher_init(Matcher *m, lua_State *L, const char *s, size_t ls,
                         const char *p, size_t lp) {
    m->L = L;
    m->src = s;
    m->src_end = s + ls;
    m->pat = p;
    m->pat_end = p + lp;
    m->depth = MAX_DEPTH;
    m->kept_depth = NULL;
    m->steps = 0;
}

/// Prepares a match attempt at a new start position. (Each match restores
/// the depth it used; only an error leaves it spent.)
static void matcher_reset(Matcher *m) {
    m->level = 0;
    step(m, 1);
}

/* ---- single-character classes ---- */

// Class letters are ASCII, so c | 0x20 folds exactly the upper-case ones onto
// them (as tolower would) and the 0x20 bit says which case was written.
#define FOLD(cl) ((cl) | 0x20)
#define NEGATED(cl) (((cl) & 0x20) == 0)

/// Whether c is in the class of %cl (%a, %d, ...), or is cl when cl names none.
static int class_match(int c, int cl) {
    int in;
    switch (FOLD(cl)) {
    case 'a': in = isalpha(c); break;
    case 'c': in = iscntrl(c); break;
    case 'd': in = isdigit(c); break;
    case 'g': in = isgraph(c); break;
    case 'l': in = islower(c); break;
    case 'p': in = ispunct(c); break;
    case 's': in = isspace(c); break;
    case 'u': in = isupper(c); break;
    case 'w': in = isalnum(c); break;
    case 'x': in = isxdigit(c); break;
    case 'z': in = c == 0; break;  // deprecated, still accepted
    default: return cl == c;
    }
    return (in != 0) != NEGATED(cl);
}

/// Whether c is in the set from '[' at p to its closing ']' at close.
static int set_match(Matcher *m, int c, const char *p, const char *close) {
    int wanted = 1, found = 0;
    const char *q = p + 1;
    if (*q == '^') {
        wanted = 0;
        q++;
    }
    const char *first = q;
    while (q < close && !found) {
        if (*q == '%') {  // the escaped member may be the closing ']' itself
            found = class_match(c, (uchar)q[1]);
            q += 2;
        } else if (q[1] == '-' && q + 2 < close) {
            found = (uchar)q[0] <= c && c <= (uchar)q[2];
            q += 3;
        } else {
            found = (uchar)*q++ == c;
        }
    }
    step(m, q - first);
    return found == wanted;
}

/// End of the set whose '[' is at p.
static const char *set_end(Matcher *m, const char *p) {
    const char *end = m->pat_end, *q = p + 1;
    if (q < end && *q == '^') q++;
    do {  // the first member may be ']'
        if (q == end) fail(m, "malformed pattern (missing ']')");
        if (*q++ == '%' && q < end) q++;
    } while (q == end || *q != ']');
    step(m, (q - p) >> 2);
    return q + 1;
}

/// Whether the byte at s is in the class from p to ep (a byte, ., %x or [set]).
static inline int single_match(Matcher *m, const char *s, const char *p, const char *ep) {
    if (s >= m->src_end) return 0;
    int c = (uchar)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return class_match(c, (uchar)p[1]);
    case '[': return set_match(m, c, p, ep - 1);
    default: return (uchar)*p == c;
    }
}

/// The end of the single-character class at p.
static inline const char *class_end(Matcher *m, const char *p) {
    if (*p == '[') return set_end(m, p);
    if (*p != '%') return p + 1;
    if (p + 1 == m->pat_end) fail(m, "malformed pattern (ends with '%')");
    return p + 2;
}

static int is_nul(int c) { return c == 0; }

#define SPAN(test)                                          \
    while (s < limit && ((test((uchar)*s)) != 0) != negated) s++; \
    return s

/// The first byte from s to limit not in the class %cl, or limit.
static const char *escape_span(const char *s, const char *limit, int cl) {
    int negated = NEGATED(cl);
    switch (FOLD(cl)) {
    case 'a': SPAN(isalpha);
    case 'c': SPAN(iscntrl);
    case 'd': SPAN(isdigit);
    case 'g': SPAN(isgraph);
    case 'l': SPAN(islower);
    case 'p': SPAN(ispunct);
    case 's': SPAN(isspace);
    case 'u': SPAN(isupper);
    case 'w': SPAN(isalnum);
    case 'x': SPAN(isxdigit);
    case 'z': SPAN(is_nul);
    default: while (s < limit && (uchar)*s == cl) s++;
    }
    return s;
}

/// The first byte from s to limit not in the class from p to ep, or limit.
static const char *class_span(Matcher *m, const char *s, const char *limit, const char *p,
                              const char *ep) {
    switch (*p) {
    case '.': return limit;
    case '%': return escape_span(s, limit, (uchar)p[1]);
    case '[':
        while (s < limit && set_match(m, (uchar)*s, p, ep - 1)) s++;
        return s;
    default:
        while (s < limit && *s == *p) s++;
        return s;
    }
}

/// How many bytes from s are in the class from p to ep; charged by the
/// CHARGE_EVERY bytes tested.
static ptrdiff_t run_length(Matcher *m, const char *s, const char *p, const char *ep) {
    const char *at = s, *end = m->src_end;
    for (;;) {
        const char *limit = end - at > CHARGE_EVERY ? at + CHARGE_EVERY : end;
        const char *stop = class_span(m, at, limit, p, ep);
        step(m, stop - at + 1);
        if (stop < limit || limit == end) return stop - s;
        at = stop;
    }
}

/* ---- the matcher ---- */

static const char *match_items(Matcher *m, const char *s, const char *p);

/// Matches the pattern from p at s, one nesting level deeper. Returns the end
/// of the match or NULL.
static const char *match(Matcher *m, const char *s, const char *p) {
    if (m->depth-- == 0) fail(m, "pattern too complex");
    s = match_items(m, s, p);
    m->depth++;
    return s;
}

/// The longest run of the class from p to ep at s, then shorter ones, each
/// followed by the rest of the pattern after ep's quantifier.
static const char *greedy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (ptrdiff_t n = run_length(m, s, p, ep); n >= 0; n--) {
        const char *e = match(m, s + n, ep + 1);
        if (e != NULL) return e;
    }
    return NULL;
}

/// The shortest run of the class first, growing one byte at a time.
static const char *lazy(Matcher *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *e = match(m, s, ep + 1);
        if (e != NULL) return e;
        step(m, 1);
        if (!single_match(m, s, p, ep)) return NULL;
        s++;
    }
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t what) {
    if (m->level >= MAX_CAPTURES) {
        fail(m, "too many captures");
        return NULL;
    }
    m->cap[m->level].at = s;
    m->cap[m->level].len = what;
    m->level++;
    const char *e = match(m, s, p);
    if (e == NULL) m->level--;
    return e;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int i = m->level - 1;
    while (i >= 0 && m->cap[i].len != CAP_OPEN) i--;
    if (i < 0) {
        fail(m, "invalid pattern capture");
        return NULL;
    }
    m->cap[i].len = s - m->cap[i].at;
    const char *e = match(m, s, p);
    if (e == NULL) m->cap[i].len = CAP_OPEN;
    return e;
}

/// %bxy at s, with p just after "%b". Returns the end of the balanced run.
static const char *balance(Matcher *m, const char *s, const char *p) {
    if (p + 1 >= m->pat_end) fail(m, "malformed pattern (missing arguments to '%b')");
    if (s >= m->src_end || *s != p[0]) return NULL;
    const char open = p[0], close = p[1];
    long nesting = 1;
    while (++s < m->src_end) {
        step(m, 1);
        if (*s == close) {
            if (--nesting == 0) return s + 1;
        } else if (*s == open) {
            nesting++;
        }
    }
    return NULL;
}

/// %f[set] at s, with p at the '['. Returns the end of the set in the
/// pattern, or NULL if s is not a frontier.
static const char *frontier(Matcher *m, const char *s, const char *p) {
    if (p == m->pat_end || *p != '[') fail(m, "missing '[' after '%f' in pattern");
    const char *ep = set_end(m, p);
    int before = s == m->src ? 0 : (uchar)s[-1];
    int here = s < m->src_end ? (uchar)*s : 0;
    if (set_match(m, before, p, ep - 1) || !set_match(m, here, p, ep - 1)) return NULL;
    return ep;
}

/// %1-%9 at s (digit is the byte after '%'). Returns the end of the copy.
static const char *back_reference(Matcher *m, const char *s, int digit) {
    int i = digit - '1';
    if (i < 0 || i >= m->level || m->cap[i].len == CAP_OPEN) {
        fail_index(m, i + 1);
        return NULL;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_POSITION) return NULL;  // the library never matches these
    step(m, 1 + len);
    if (m->src_end - s < len || memcmp(m->cap[i].at, s, (size_t)len) != 0) return NULL;
    return s + len;
}

/// A single-character class from p to ep that matched at s, followed by the
/// quantifier '*', '+' or '-'.
static const char *repeat(Matcher *m, const char *s, const char *p, const char *ep, int quantifier) {
    if (quantifier == '-') return lazy(m, s, p, ep);
    return greedy(m, quantifier == '+' ? s + 1 : s, p, ep);
}

static int is_quantifier(int c) { return c == '*' || c == '+' || c == '-' || c == '?'; }

static const char *match_items(Matcher *m, const char *s, const char *p) {
    const char *end = m->pat_end;
    for (;;) {
        step(m, 1);
        if (p == end) return s;
        switch (*p) {
        case '(':
            if (p + 1 < end && p[1] == ')') return open_capture(m, s, p + 2, CAP_POSITION);
            return open_capture(m, s, p + 1, CAP_OPEN);
        case ')':
            return close_capture(m, s, p + 1);
        case '$':
            if (p + 1 == end) return s == m->src_end ? s : NULL;
            break;
        case '%':
            if (p + 1 == end) break;
            if (p[1] == 'b') {
                s = balance(m, s, p + 2);
                p += 4;
            } else if (p[1] == 'f') {
                p = frontier(m, s, p + 2);
            } else if (p[1] >= '0' && p[1] <= '9') {
                s = back_reference(m, s, p[1]);
                p += 2;
            } else {
                break;
            }
            if (s == NULL || p == NULL) return NULL;
            continue;
        }
        const char *ep = class_end(m, p);
        int matched = single_match(m, s, p, ep);
        int quantifier = ep < end ? *ep : 0;
        if (!is_quantifier(quantifier)) {
            if (!matched) return NULL;
            s++;
            p = ep;
        } else if (!matched) {
            if (quantifier == '+') return NULL;
            p = ep + 1;  // zero repetitions, without nesting
        } else if (quantifier == '?') {
            const char *e = match(m, s + 1, ep + 1);
            if (e != NULL) return e;
            p = ep + 1;
        } else {
            return repeat(m, s, p, ep, quantifier);
        }
    }
}

/* ---- results ---- */

/// Pushes capture i of the match from s to e (the whole match if there are no
/// captures and i is 0).
static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) fail_index(m, i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t len = m->cap[i].len;
    if (len == CAP_OPEN) fail(m, "unfinished capture");
    if (len == CAP_POSITION)
        lua_pushinteger(m->L, m->cap[i].at - m->src + 1);
    else
        lua_pushlstring(m->L, m->cap[i].at, (size_t)len);
}

/// Pushes all captures; with s NULL (find), none stands for no values.
static int push_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    step(m, n);
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

/// A 1-based, possibly negative init argument as a 0-based offset (> len if
/// past the end).
static size_t start_offset(lua_Integer init, size_t len) {
    if (init > 0) return (size_t)init - 1;
    if (init == 0 || init < -(lua_Integer)len) return 0;
    return len + (size_t)init;
}

static int has_specials(const char *p, size_t lp) {
    for (const char *end = p + lp; p < end; p++) {
        switch (*p) {
        case '^': case '$': case '*': case '+': case '?':
        case '.': case '(': case '[': case '%': case '-':
            return 1;
        }
    }
    return 0;
}

/// The first copy of p (lp > 0) in the subject from s, or NULL.
static const char *plain_search(Matcher *m, const char *s, const char *p, size_t lp) {
    if (lp > (size_t)(m->src_end - s)) return NULL;
    const char *last = m->src_end - lp;
    while (s <= last) {
        const char *hit = memchr(s, *p, (size_t)(last - s) + 1);
        if (hit == NULL) {
            step(m, ((last - s) >> 4) + 1);
            return NULL;
        }
        size_t same = 1;
        while (same < lp && hit[same] == p[same]) same++;
        step(m, ((hit - s) >> 4) + (long long)same);
        if (same == lp) return hit;
        s = hit + 1;
    }
    return NULL;
}

static int plain_find(Matcher *m, size_t init, const char *p, size_t lp) {
    const char *start = m->src + init;
    const char *hit = lp == 0 ? start : plain_search(m, start, p, lp);
    flush(m);
    if (hit == NULL) {
        luaL_pushfail(m->L);
        return 1;
    }
    lua_pushinteger(m->L, hit - m->src + 1);
    lua_pushinteger(m->L, (lua_Integer)(hit - m->src + (ptrdiff_t)lp));
    return 2;
}

/// Pushes find's or match's results for the match from start to e.
static int push_found(Matcher *m, int find, const char *start, const char *e) {
    int n;
    if (find) {
        lua_pushinteger(m->L, start - m->src + 1);
        lua_pushinteger(m->L, e - m->src);
        n = push_captures(m, NULL, NULL) + 2;
    } else {
        n = push_captures(m, start, e);
    }
    flush(m);
    return n;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    Matcher m;
    int anchored = lp > 0 && *p == '^';
    matcher_init(&m, L, s, ls, p + anchored, lp - (size_t)anchored);
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) return plain_find(&m, init, p, lp);
    const char *start = s + init;
    do {
        matcher_reset(&m);
        const char *e = match(&m, start, m.pat);
        if (e != NULL) return push_found(&m, find, start, e);
    } while (start++ < m.src_end && !anchored);
    flush(&m);
    luaL_pushfail(L);
    return 1;
}

int clua_str_find(lua_State *L) { return find_or_match(L, 1); }

int clua_str_match(lua_State *L) { return find_or_match(L, 0); }

/* ---- gmatch ---- */

// Like the library's, an iterator's nesting budget is not restored after an
// error: the levels in use when an error was raised stay spent for its next
// calls. (After "pattern too complex" the library's iterator has no limit
// at all; this one starts again from MAX_DEPTH, to protect the C stack.)
typedef struct {
    size_t at;        // where the next search starts
    ptrdiff_t last;   // end of the last match, which an empty match may not repeat; -1: none
    int depth;        // nesting levels left
} Iteration;

// The iterator's upvalues: subject, pattern and its Iteration.
static int gmatch_next(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    Iteration *it = lua_touserdata(L, lua_upvalueindex(3));
    Matcher m;
    matcher_init(&m, L, s, ls, p, lp);
    if (it->depth >= 0) m.depth = it->depth;
    m.kept_depth = &it->depth;
    for (size_t at = it->at; at <= ls; at++) {
        matcher_reset(&m);
        const char *e = match(&m, s + at, p);
        if (e != NULL && e - s != it->last) {
            it->at = (size_t)(e - s);
            it->last = e - s;
            int n = push_captures(&m, s + at, e);
            flush(&m);
            return n;
        }
    }
    flush(&m);
    return 0;
}

int clua_str_gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checklstring(L, 2, NULL);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    Iteration *it = lua_newuserdatauv(L, sizeof *it, 0);
    it->at = init > ls ? ls + 1 : init;
    it->last = -1;
    it->depth = MAX_DEPTH;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* ---- gsub ---- */

static void add_bytes(Matcher *m, luaL_Buffer *b, const char *s, size_t n) {
    step(m, (long long)(n >> 4));
    luaL_addlstring(b, s, n);
}

/// Appends the replacement string (argument 3) for the match from s to e.
static void add_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t len;
    const char *r = lua_tolstring(L, 3, &len), *end = r + len;
    const char *escape;
    while ((escape = memchr(r, '%', (size_t)(end - r))) != NULL) {
        add_bytes(m, b, r, (size_t)(escape - r));
        int c = escape + 1 < end ? (uchar)escape[1] : 0;
        step(m, 1);
        if (c == '%') {
            luaL_addchar(b, '%');
        } else if (c == '0') {
            add_bytes(m, b, s, (size_t)(e - s));
        } else if (c >= '1' && c <= '9') {
            push_capture(m, c - '1', s, e);
            luaL_tolstring(L, -1, NULL);
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            fail(m, "invalid use of '%' in replacement string");
        }
        r = escape + 2;
    }
    add_bytes(m, b, r, (size_t)(end - r));
}

/// Appends the replacement for the match from s to e; returns whether it
/// differs from the match (false and nil keep it).
static int add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        flush(m);
        lua_call(L, n, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        flush(m);
        lua_gettable(L, 3);
    } else {
        add_template(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        add_bytes(m, b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) {
        flush(m);
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    }
    luaL_addvalue(b);
    return 1;
}

int clua_str_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int kind = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
                            kind == LUA_TTABLE,
                     3, "string/function/table");
    int anchored = lp > 0 && *p == '^';
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    Matcher m;
    matcher_init(&m, L, s, ls, p + anchored, lp - (size_t)anchored);
    const char *last = NULL;
    lua_Integer n = 0;
    int changed = 0;
    while (n < limit) {
        matcher_reset(&m);
        const char *e = match(&m, s, m.pat);
        if (e != NULL && e != last) {
            n++;
            changed |= add_replacement(&m, &b, s, e, kind);
            s = last = e;
        } else if (s < m.src_end) {
            luaL_addchar(&b, *s++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (changed) {
        add_bytes(&m, &b, s, (size_t)(m.src_end - s));
        luaL_pushresult(&b);
    } else {
        lua_pushvalue(L, 1);
    }
    flush(&m);
    lua_pushinteger(L, n);
    return 2;
}
