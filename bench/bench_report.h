// Running the benchmark programs and relating each measurement to its baseline.
//
// Naming convention: a benchmark is registered as "<family>/<measure>" (Google
// Benchmark appends the arguments, e.g. "/n:1000", and "/real_time"). In each
// family, the measure whose name starts with "baseline" is the cost floor the
// others are compared with, at the same arguments. scripts/bench.sh reads the
// same convention from the JSON output.
//
// Two ratios are given, from repetitions run in random order
// (--benchmark_repetitions=N --benchmark_enable_random_interleaving=true): of
// the medians (the typical cost) and of the minimums ("best", the least
// disturbed cost). They agree when the runs are steady; when they differ, the
// machine was not: on a 2-CPU VM a round trip to MariaDB costs about 12 us
// when both processes share a CPU and about 80 us when they do not, and the
// scheduler moves them (scripts/bench.sh pins them to two CPUs to avoid it).
#ifndef HOPTAC_BENCH_BENCH_REPORT_H_
#define HOPTAC_BENCH_BENCH_REPORT_H_

#include <functional>

#include "absl/status/status.h"
#include "benchmark/benchmark.h"

namespace hoptac::bench {

// What every benchmark here uses: wall-clock time (the programs mostly wait
// for MariaDB or the gRPC server, so the calling thread's CPU time says
// little), microseconds, and a "min" statistic over repetitions.
void Configure(benchmark::internal::Benchmark* benchmark);

// Stops the current benchmark with `status` as its error and makes
// RunBenchmarks() return 1, so that a script notices a broken benchmark.
void SkipWithStatus(benchmark::State& state, const absl::Status& status);

// Initialises Google Benchmark from the command line, runs the selected
// benchmarks and, with the console format (the default), prints after them a
// table of each measurement as a multiple of its baseline. `teardown` runs
// after the benchmarks and before static destructors, to stop servers and drop
// databases while the libraries are still alive. Returns main()'s exit code:
// 1 when a benchmark failed (SkipWithStatus) or an argument is unknown.
int RunBenchmarks(int argc, char** argv, const std::function<void()>& teardown);

}  // namespace hoptac::bench

#endif  // HOPTAC_BENCH_BENCH_REPORT_H_
