// Counters every benchmark here sets: ops/s, and stmts/op, the statements the
// MariaDB server ran per operation. The server is private to the run
// (scripts/bench.sh starts it), so its global Questions counter moves only with
// this program's work; one statement is one round trip, which explains most of
// the distance between a measurement and its baseline.
#ifndef HOPTAC_BENCH_STATEMENT_COUNTER_H_
#define HOPTAC_BENCH_STATEMENT_COUNTER_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "services/common/database.h"

namespace hoptac::bench {

// The server's count of statements received (SHOW GLOBAL STATUS 'Questions').
absl::StatusOr<int64_t> ServerStatements(Database& db);

// Create just before a benchmark loop, call Finish() just after it. Reading
// the counter costs statements too; that cost is measured first (two reads
// back to back) and subtracted.
class StatementCounter {
 public:
  explicit StatementCounter(Database& db);

  // Sets state.counters["ops/s"] (per second of real time with UseRealTime)
  // and, when the server's counter could be read, state.counters["stmts/op"].
  void Finish(benchmark::State& state);

 private:
  Database& db_;
  int64_t own_cost_ = 0;
  int64_t start_ = -1;  // -1: unknown
};

}  // namespace hoptac::bench

#endif  // HOPTAC_BENCH_STATEMENT_COUNTER_H_
