#include "bench/statement_counter.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"

namespace hoptac::bench {

absl::StatusOr<int64_t> ServerStatements(Database& db) {
  int64_t questions = 0;
  const absl::Status status =
      db.WithSession(absl::Now() + absl::Seconds(30), [&](SqlSession& s) {
        std::unique_ptr<sql::ResultSet> r(
            s.Prepare("SHOW GLOBAL STATUS LIKE 'Questions'").executeQuery());
        if (!r->next() || !absl::SimpleAtoi(std::string(r->getString(2)), &questions)) {
          return absl::InternalError("SHOW GLOBAL STATUS LIKE 'Questions' gave no number");
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return questions;
}

StatementCounter::StatementCounter(Database& db) : db_(db) {
  auto first = ServerStatements(db_);
  auto second = ServerStatements(db_);
  if (first.ok() && second.ok()) {
    own_cost_ = *second - *first;
    start_ = *second;
  }
}

void StatementCounter::Finish(benchmark::State& state) {
  state.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  auto end = ServerStatements(db_);
  if (start_ < 0 || !end.ok() || state.iterations() == 0) return;
  state.counters["stmts/op"] =
      static_cast<double>(*end - start_ - own_cost_) / static_cast<double>(state.iterations());
}

}  // namespace hoptac::bench
