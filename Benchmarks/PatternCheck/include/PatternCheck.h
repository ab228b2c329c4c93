// A differential checker for CLua/pattern.c: the same generated calls of
// string.find, match, gmatch and gsub on Lua's own library and on pattern.c.
#ifndef PATTERN_CHECK_H
#define PATTERN_CHECK_H

#include <stddef.h>

/// Runs `cases` cases generated from `seed` on both implementations in a
/// fresh plain state and returns the number of disagreements (-1 if the
/// state could not be set up). The first few are described in `report`
/// (NUL-terminated, truncated to `report_size`). Deterministic for a seed.
long pc_run(unsigned long long seed, long cases, char *report, size_t report_size);

/// The real library's time over pattern.c's on ordinary patterns (numbers,
/// key=value, trimming, gsub and gmatch over a few KB), `rounds` passes each:
/// above 1 means pattern.c is faster.
double pc_speed_ratio(int rounds);

#endif
