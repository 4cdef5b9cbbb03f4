// What the benchmarks report beside their timings: CPU time of this process
// and of the processes it measures (MariaDB, a service), the load average,
// and medians.
#ifndef HOPTAC_BENCH_PROCESS_USAGE_H_
#define HOPTAC_BENCH_PROCESS_USAGE_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace hoptac::bench {

// CPU seconds (user + system) `pid` has used so far; -1 when unknown.
double ProcessCpuSeconds(pid_t pid);

// CPU seconds (user + system) this process has used so far.
double SelfCpuSeconds();

// "/proc/loadavg"'s three figures, e.g. "0.52 0.61 0.70".
std::string LoadAverage();

// The median of `values`; 0 when empty.
double Median(std::vector<double> values);

}  // namespace hoptac::bench

#endif  // HOPTAC_BENCH_PROCESS_USAGE_H_
