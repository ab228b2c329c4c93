// What string.find, match, gmatch and gsub are charged. Lua's matcher
// backtracks inside C, where the count hook never fires, so a pattern such as
// ".-.-b" on 3000 bytes runs for tens of seconds on one instruction.
//
// The rule (a worst-case estimate, not a proof), with L = subject length + 1:
//   - every match is charged at least L (one attempt per start position);
//   - u counts the unbounded items that can backtrack: '*', '+' and '-'
//     quantifiers, except one on the last item of the pattern (only ')' may
//     follow it: nothing after it can fail, so it never backtracks), plus
//     %b and back-references %1-%9, which scan the subject;
//   - with u >= 2 the charge is L^min(u, 3), or L^(min(u, 3) - 1) when the
//     pattern is anchored with '^' (one start position instead of L);
//   - each '?' doubles the charge (nested optional items branch);
//   - the result saturates, so an absurd pattern trips any finite budget.
// A single unbounded item is charged L, so "%d+" or gsub("%s+", " ") stay
// linear; such patterns can still be quadratic on contrived subjects (".-b"
// over a long run without 'b'), which this rule accepts.
#include <string.h>
#include "ctx.h"

#define SATURATED (1LL << 62)

static long long times(long long a, long long b) {
    if (a == 0 || b == 0) return 0;
    return a > SATURATED / b ? SATURATED : a * b;
}

/// End of the single-character class starting at `i` (a char, %x or [set]).
static size_t class_end(const char *p, size_t plen, size_t i) {
    if (p[i] == '%') return i + 2 <= plen ? i + 2 : plen;
    if (p[i] != '[') return i + 1;
    size_t j = i + 1;
    if (j < plen && p[j] == '^') j++;
    do {  // the first character of a set, even ']', belongs to it
        if (j >= plen) return plen;
        if (p[j++] == '%' && j < plen) j++;
    } while (j < plen && p[j] != ']');
    return j < plen ? j + 1 : plen;
}

static int only_closing_after(const char *p, size_t plen, size_t i) {
    for (; i < plen; i++)
        if (p[i] != ')') return 0;
    return 1;
}

long long clua_pattern_cost(size_t slen, const char *p, size_t plen, int iterating) {
    long long length = slen >= (size_t)SATURATED ? SATURATED : (long long)slen + 1;
    int anchored = !iterating && plen > 0 && p[0] == '^';
    int unbounded = 0, optional = 0;
    size_t i = anchored ? 1 : 0;
    while (i < plen) {
        char ch = p[i];
        if (ch == '(' || ch == ')' || (ch == '$' && i + 1 == plen)) {
            i++;
            continue;
        }
        if (ch == '%' && i + 1 < plen) {
            char next = p[i + 1];
            if (next == 'b') {  // %bxy: a scan for the balancing character
                unbounded++;
                i += 4;
                continue;
            }
            if (next == 'f') {  // %f[set]: a frontier, one test
                i = i + 2 < plen ? class_end(p, plen, i + 2) : plen;
                continue;
            }
            if (next >= '0' && next <= '9') {  // back-reference
                unbounded++;
                i += 2;
                continue;
            }
        }
        size_t end = class_end(p, plen, i);
        if (end < plen && strchr("*+-", p[end]) != NULL) {
            if (!only_closing_after(p, plen, end + 1)) unbounded++;
            end++;
        } else if (end < plen && p[end] == '?') {
            optional++;
            end++;
        }
        i = end;
    }
    int exponent = unbounded < 2 ? 1 : (unbounded < 3 ? unbounded : 3);
    if (anchored && exponent > 1) exponent--;
    long long cost = length;
    for (int k = 1; k < exponent; k++) cost = times(cost, length);
    for (int k = 0; k < optional && cost < SATURATED; k++) cost = times(cost, 2);
    return cost;
}
