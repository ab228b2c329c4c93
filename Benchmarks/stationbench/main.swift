import BenchBaselines
print("stationbench: baselines v\(bench_baselines_version())")
