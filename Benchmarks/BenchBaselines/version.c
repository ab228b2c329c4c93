#include "BenchBaselines.h"
int bench_baselines_version(void) { return 1; }
