#include "bench/bench_report.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"

namespace hoptac::bench {
namespace {

// Set by SkipWithStatus from any benchmark; read once all have run.
std::atomic<bool> benchmark_failed{false};

double Min(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
}

// The console table, then each measurement as a multiple of its family's
// baseline, by median and by best repetition (see bench_report.h).
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  explicit RatioReporter(OutputOptions options) : ConsoleReporter(options) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const double micros =
          run.GetAdjustedRealTime() / benchmark::GetTimeUnitMultiplier(run.time_unit) * 1e6;
      Measurement& m = measurements_[{run.family_index, run.per_family_instance_index}];
      const std::string& name = run.run_name.function_name;
      const size_t slash = name.find('/');
      m.family = name.substr(0, slash);
      m.measure = slash == std::string::npos ? "" : name.substr(slash + 1);
      m.args = run.run_name.args;
      if (run.run_type == Run::RT_Aggregate) {
        if (run.aggregate_name == "median") m.median = micros;
        if (run.aggregate_name == "min") m.best = micros;
      } else if (run.repetitions <= 1) {
        m.median = m.best = micros;
      }
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    if (measurements_.empty()) return;
    std::map<std::pair<std::string, std::string>, const Measurement*> baselines;
    for (const auto& [order, m] : measurements_) {
      if (absl::StartsWith(m.measure, "baseline")) baselines[{m.family, m.args}] = &m;
    }
    auto ratio = [](double value, double base) {
      return value > 0 && base > 0 ? absl::StrFormat("%.2f", value / base) : std::string("-");
    };
    std::ostream& out = GetOutputStream();
    out << "\nEach measurement as a multiple of its family's baseline "
           "(same arguments, same run):\n";
    out << absl::StrFormat("%-7s %-24s %-8s %12s %12s %8s %8s\n", "family", "measure", "args",
                           "median", "best", "x median", "x best");
    // In registration order (the map's key), whatever order the runs took.
    for (const auto& [order, m] : measurements_) {
      const auto base = baselines.find({m.family, m.args});
      const Measurement* b = base == baselines.end() ? nullptr : base->second;
      out << absl::StrFormat("%-7s %-24s %-8s %9.1f us %9.1f us %8s %8s\n", m.family, m.measure,
                             m.args, m.median, m.best, ratio(m.median, b ? b->median : 0),
                             ratio(m.best, b ? b->best : 0));
    }
  }

 private:
  struct Measurement {
    std::string family;
    std::string measure;
    std::string args;
    double median = 0;  // microseconds per operation
    double best = 0;
  };
  // By (family index, instance index): registration order.
  std::map<std::pair<int64_t, int64_t>, Measurement> measurements_;
};

// True unless the command line asks for another display format than the
// console (the ratio table is for people; scripts read the JSON).
bool ConsoleFormat(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--benchmark_format=")) {
      return arg == "--benchmark_format=console";
    }
  }
  return true;
}

}  // namespace

void Configure(benchmark::internal::Benchmark* benchmark) {
  benchmark->UseRealTime()->Unit(benchmark::kMicrosecond)->ComputeStatistics("min", &Min);
}

void SkipWithStatus(benchmark::State& state, const absl::Status& status) {
  benchmark_failed = true;
  const std::string message = status.ToString();
  state.SkipWithError(message.c_str());
}

int RunBenchmarks(int argc, char** argv, const std::function<void()>& teardown) {
  const bool console = ConsoleFormat(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (console) {
    RatioReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_ColorTabular
                                                 : benchmark::ConsoleReporter::OO_Tabular);
    benchmark::RunSpecifiedBenchmarks(&reporter);
  } else {
    benchmark::RunSpecifiedBenchmarks();
  }
  teardown();
  benchmark::Shutdown();
  return benchmark_failed ? 1 : 0;
}

}  // namespace hoptac::bench
