#ifndef BENCH_BASELINES_H
#define BENCH_BASELINES_H
/* Baselines measured in the same run as the engine: plain C over Lua and SQLite. */
int bench_baselines_version(void);
#endif
