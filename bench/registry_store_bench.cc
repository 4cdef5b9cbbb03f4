// The registry store against a real MariaDB (scripts/bench.sh starts one and
// sets HOPTAC_TEST_DB_*). Two families, each with its own baseline measured in
// the same run (naming convention in bench_report.h):
//
//   read/*   n = cooperatives in the data set (1,000 and 10,000)
//     baseline_point_select  SELECT id FROM cooperatives WHERE
//                            registration_number = ? through Database::WithSession:
//                            the kernel's floor for one read round trip
//     get_cooperative        RegistryStore::GetCooperative (the store's overhead)
//     list_page50            ListCooperatives, first page of 50 in Cao Lộc's subtree
//     statistics_cao_loc     GetStatistics for Cao Lộc (183) over 2023: 13 SQL
//                            aggregates, so the time follows the rows those
//                            queries read, not rows loaded into the program
//     statistics_province    the same for all of Lạng Sơn (20): comparing the two
//                            shows whether the rows read are the subtree's
//   write/*  on a data set of 10,000 of their own
//     baseline_insert        one INSERT into a bare table in InTransaction
//     create_cooperative     CreateCooperative with a request_id (fully audited)
//     lifecycle_change       ChangeLifecycle, suspend and resume alternating
//
// Counters: ops/s (real time), and stmts/op, the statements the server ran per
// operation (its global Questions counter; nothing else uses the private
// server), which explains most of each ratio: one statement is one round trip.
#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench_dataset.h"
#include "bench/bench_report.h"
#include "bench/statement_counter.h"
#include "benchmark/benchmark.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/fingerprint.h"
#include "services/common/period.h"
#include "services/registry/org_unit.h"
#include "services/registry/registry_store.h"

namespace hoptac::bench {
namespace {

using registry::CooperativeStatus;
using registry::LifecycleAction;

constexpr char kCaoLoc[] = "183";
constexpr char kLangSon[] = "20";
// ListCooperatives resolves the unit on a day; Cao Lộc district existed until 2025.
constexpr absl::CivilDay kListAsOf{2024, 6, 30};
constexpr int kPageSize = 50;
constexpr int kWriteDataset = 10'000;

// What a handler passes when its caller set no deadline (CallContextOf's cap).
absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

// Visits the cooperatives in a scattered order (a prime stride), so that
// consecutive reads do not hit neighbouring index pages.
size_t Spread(size_t i, size_t n) { return (i * 7919) % n; }

// Data sets by (purpose, size), created on first use (not timed) and kept
// for the process: Google Benchmark calls each benchmark function several
// times. The writes get a data set of their own, so that the rows they add
// never reach a read measurement, whatever order the benchmarks run in
// (--benchmark_enable_random_interleaving).
enum class Purpose { kRead, kWrite };

std::map<std::pair<Purpose, int>, std::unique_ptr<RegistryDataset>>& Datasets() {
  static auto* const datasets =
      new std::map<std::pair<Purpose, int>, std::unique_ptr<RegistryDataset>>();
  return *datasets;
}

RegistryDataset* DatasetOf(benchmark::State& state, Purpose purpose, int cooperatives) {
  auto& datasets = Datasets();
  auto it = datasets.find({purpose, cooperatives});
  if (it == datasets.end()) {
    auto created = RegistryDataset::Create(cooperatives);
    if (!created.ok()) {
      SkipWithStatus(state, created.status());
      return nullptr;
    }
    it = datasets.emplace(std::make_pair(purpose, cooperatives), *std::move(created)).first;
  }
  return it->second.get();
}

// --- read/* -----------------------------------------------------------------

void BM_PointSelect(benchmark::State& state) {
  RegistryDataset* data = DatasetOf(state, Purpose::kRead, static_cast<int>(state.range(0)));
  if (data == nullptr) return;
  const auto& cooperatives = data->cooperatives();
  StatementCounter counter(data->database());
  size_t i = 0;
  for (auto _ : state) {
    const std::string& number =
        cooperatives[Spread(i++, cooperatives.size())].fields.registration_number;
    const absl::Status status = data->database().WithSession(Deadline(), [&](SqlSession& s) {
      sql::PreparedStatement& select =
          s.Prepare("SELECT id FROM cooperatives WHERE registration_number = ?");
      select.setString(1, number);
      std::unique_ptr<sql::ResultSet> r(select.executeQuery());
      if (!r->next()) return absl::NotFoundError(absl::StrCat("cooperatives/", number));
      benchmark::DoNotOptimize(r->getInt64(1));
      return absl::OkStatus();
    });
    if (!status.ok()) {
      SkipWithStatus(state, status);
      break;
    }
  }
  counter.Finish(state);
}

void BM_GetCooperative(benchmark::State& state) {
  RegistryDataset* data = DatasetOf(state, Purpose::kRead, static_cast<int>(state.range(0)));
  if (data == nullptr) return;
  const auto& cooperatives = data->cooperatives();
  StatementCounter counter(data->database());
  size_t i = 0;
  for (auto _ : state) {
    const std::string& number =
        cooperatives[Spread(i++, cooperatives.size())].fields.registration_number;
    auto record = data->store().GetCooperative(number, Deadline());
    if (!record.ok()) {
      SkipWithStatus(state, record.status());
      break;
    }
    benchmark::DoNotOptimize(record->revision);
  }
  counter.Finish(state);
}

void BM_ListCooperatives(benchmark::State& state) {
  RegistryDataset* data = DatasetOf(state, Purpose::kRead, static_cast<int>(state.range(0)));
  if (data == nullptr) return;
  registry::CooperativeFilter filter;
  filter.org_unit_code = kCaoLoc;
  filter.as_of = kListAsOf;
  const int64_t in_subtree = data->CountInDistrict(kCaoLoc);
  const size_t expected = static_cast<size_t>(std::min<int64_t>(kPageSize, in_subtree));
  StatementCounter counter(data->database());
  for (auto _ : state) {
    auto page = data->store().ListCooperatives(filter, kPageSize, {}, Deadline());
    if (!page.ok()) {
      SkipWithStatus(state, page.status());
      break;
    }
    if (page->cooperatives.size() != expected) {
      SkipWithStatus(state, absl::InternalError(absl::StrCat(
                                "page of ", page->cooperatives.size(), ", expected ", expected)));
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(expected));
  state.counters["in_subtree"] = static_cast<double>(in_subtree);
  counter.Finish(state);
}

// GetStatistics over 2023 for `unit_code`'s subtree; `in_subtree` counts the
// cooperatives registered there.
void GetStatistics(benchmark::State& state, const std::string& unit_code,
                   const std::string& district_code) {
  RegistryDataset* data = DatasetOf(state, Purpose::kRead, static_cast<int>(state.range(0)));
  if (data == nullptr) return;
  const Period year = CalendarYear(2023);
  StatementCounter counter(data->database());
  for (auto _ : state) {
    auto stats = data->store().GetStatistics(unit_code, year, Deadline());
    if (!stats.ok()) {
      SkipWithStatus(state, stats.status());
      break;
    }
    benchmark::DoNotOptimize(stats->active_at_end.total);
  }
  const int64_t in_subtree = district_code.empty()
                                 ? static_cast<int64_t>(data->cooperatives().size())
                                 : data->CountInDistrict(district_code);
  state.counters["in_subtree"] = static_cast<double>(in_subtree);
  counter.Finish(state);
}

void BM_GetStatisticsCaoLoc(benchmark::State& state) { GetStatistics(state, kCaoLoc, kCaoLoc); }

// The whole province (about 8.7 times Cao Lộc's cooperatives): if the time
// barely grows from Cao Lộc to here, the queries read the province's rows
// whatever the subtree.
void BM_GetStatisticsProvince(benchmark::State& state) { GetStatistics(state, kLangSon, ""); }

// --- write/* ----------------------------------------------------------------

void BM_BareInsert(benchmark::State& state) {
  RegistryDataset* data = DatasetOf(state, Purpose::kWrite, kWriteDataset);
  if (data == nullptr) return;
  const absl::Status created = data->database().WithSession(Deadline(), [](SqlSession& s) {
    s.Prepare(
         "CREATE TABLE IF NOT EXISTS bench_bare_rows (id BIGINT NOT NULL AUTO_INCREMENT "
         "PRIMARY KEY, payload VARCHAR(64) NOT NULL) ENGINE=InnoDB")
        .execute();
    return absl::OkStatus();
  });
  if (!created.ok()) {
    SkipWithStatus(state, created);
    return;
  }
  StatementCounter counter(data->database());
  int64_t i = 0;
  for (auto _ : state) {
    const std::string payload = absl::StrCat("bench-row-", i++);
    const absl::Status status = data->database().InTransaction(Deadline(), [&](SqlSession& s) {
      sql::PreparedStatement& insert =
          s.Prepare("INSERT INTO bench_bare_rows (payload) VALUES (?)");
      insert.setString(1, payload);
      insert.executeUpdate();
      return absl::OkStatus();
    });
    if (!status.ok()) {
      SkipWithStatus(state, status);
      break;
    }
  }
  counter.Finish(state);
}

void BM_CreateCooperative(benchmark::State& state) {
  RegistryDataset* data = DatasetOf(state, Purpose::kWrite, kWriteDataset);
  if (data == nullptr) return;
  // Across calls of this function: numbers and request ids must stay unique.
  static int64_t next = 0;
  const auto& communes = data->old_commune_codes();
  StatementCounter counter(data->database());
  for (auto _ : state) {
    const int64_t n = ++next;
    registry::CooperativeFields f;
    f.registration_number = absl::StrFormat("48%08d", n);  // the data set uses 49...
    f.display_name = absl::StrCat("Hợp tác xã Nông nghiệp Thử nghiệm ", n);
    f.kind = registry::CooperativeKind::kCooperative;
    f.sector = registry::Sector::kAgriculture;
    f.org_unit_code = communes[static_cast<size_t>(n) % communes.size()];
    f.address = "tỉnh Lạng Sơn";
    f.establishment_date = absl::CivilDay(2024, 5, 1);
    f.member_count = 12;
    f.employee_count = 4;
    f.charter_capital_dong = 300'000'000;
    const std::string request_id = absl::StrCat("bench-create-", n);
    const registry::MutationContext mutation{"bench", request_id, Fingerprint(request_id),
                                             std::nullopt, ""};
    auto created = data->store().CreateCooperative(f, mutation, Deadline());
    if (!created.ok()) {
      SkipWithStatus(state, created.status());
      break;
    }
  }
  counter.Finish(state);
}

void BM_ChangeLifecycle(benchmark::State& state) {
  RegistryDataset* data = DatasetOf(state, Purpose::kWrite, kWriteDataset);
  if (data == nullptr) return;
  // Cooperatives active at the end of their generated history. The database
  // keeps the changes between calls of this function, so the count of
  // changes per cooperative (even: active, odd: suspended) does too.
  static auto* const changes = new absl::flat_hash_map<int64_t, int>();
  static size_t cursor = 0;
  static int64_t request = 0;
  std::vector<const SyntheticCooperative*> pool;
  for (const SyntheticCooperative& c : data->cooperatives()) {
    if (c.FinalStatus() == CooperativeStatus::kActive) pool.push_back(&c);
  }
  StatementCounter counter(data->database());
  for (auto _ : state) {
    const SyntheticCooperative& c = *pool[Spread(cursor++, pool.size())];
    int& count = (*changes)[c.id];
    registry::LifecycleChange change;
    change.action = count % 2 == 0 ? LifecycleAction::kSuspend : LifecycleAction::kResume;
    // A day later per change, from the reform on: after every generated
    // event, and before kBenchToday for the few hundred changes one
    // cooperative can get here.
    change.effective_date = registry::kReformDay + count;
    change.reason = "Theo đề nghị của hợp tác xã";
    const std::string request_id = absl::StrCat("bench-lifecycle-", ++request);
    const registry::MutationContext mutation{"bench", request_id, Fingerprint(request_id),
                                             std::nullopt, ""};
    auto changed = data->store().ChangeLifecycle(c.fields.registration_number, change,
                                                 kBenchToday, mutation, Deadline());
    if (!changed.ok()) {
      SkipWithStatus(state, changed.status());
      break;
    }
    ++count;
  }
  counter.Finish(state);
}

void ReadArgs(benchmark::internal::Benchmark* b) {
  Configure(b);
  b->ArgName("n")->Arg(1'000)->Arg(10'000);
}

void Register() {
  benchmark::RegisterBenchmark("read/baseline_point_select", BM_PointSelect)->Apply(ReadArgs);
  benchmark::RegisterBenchmark("read/get_cooperative", BM_GetCooperative)->Apply(ReadArgs);
  benchmark::RegisterBenchmark("read/list_page50", BM_ListCooperatives)->Apply(ReadArgs);
  benchmark::RegisterBenchmark("read/statistics_cao_loc", BM_GetStatisticsCaoLoc)->Apply(ReadArgs);
  benchmark::RegisterBenchmark("read/statistics_province", BM_GetStatisticsProvince)
      ->Apply(ReadArgs);
  benchmark::RegisterBenchmark("write/baseline_insert", BM_BareInsert)->Apply(Configure);
  benchmark::RegisterBenchmark("write/create_cooperative", BM_CreateCooperative)->Apply(Configure);
  benchmark::RegisterBenchmark("write/lifecycle_change", BM_ChangeLifecycle)->Apply(Configure);
}

}  // namespace
}  // namespace hoptac::bench

int main(int argc, char** argv) {
  hoptac::bench::Register();
  return hoptac::bench::RunBenchmarks(argc, argv, [] { hoptac::bench::Datasets().clear(); });
}
