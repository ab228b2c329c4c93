// Lua 5.4's string.find, string.match, string.gmatch and string.gsub, with
// the work of the pattern matcher charged as it runs (pattern.c).
#ifndef CLUA_PATTERN_H
#define CLUA_PATTERN_H

#include <lua5.4/lua.h>

/// Drop-in replacements for the string library entries of the same names:
/// the same arguments, results and error messages as Lua 5.4.
int clua_str_find(lua_State *L);
int clua_str_match(lua_State *L);
int clua_str_gmatch(lua_State *L);
int clua_str_gsub(lua_State *L);

/// Provided by the embedder. Called from inside the four functions above with
/// the matching steps done since its previous call (always > 0): as soon as
/// 1024 or more have accumulated (a single back-reference or plain comparison
/// of n bytes may add n at once), before a gsub replacement function or table
/// is consulted, and with the remainder before a function returns or raises
/// one of its own errors. It may raise a Lua error: nothing leaks. A step is
/// about one test of a byte against a pattern item (see pattern.c).
void clua_pattern_charge(lua_State *L, long long steps);

#endif
