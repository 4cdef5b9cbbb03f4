// A province-sized data set for Lạng Sơn (code 20) in the three data
// services' own databases, for bench/province_statistics_bench.cc:
//
//   registry  RegistryDataset (bench_dataset.h): the province's units and
//             N cooperatives with their histories (default 2,000)
//   subsidy   12 programs, the cooperatives plus 3,000 household businesses
//             as beneficiaries, G grants (default 50,000) and G ledger entries
//             (disbursements, second disbursements, some reversals)
//   outreach  A activities (default 100,000): news items, articles and
//             columns on radio, TV, web...; about a fifth in-person events
//             (conferences, trainings, fairs...) with participants
//
// Units: every record sits in a commune of before the 2025 reform (the tree
// the 2023 statistics resolve), spread round robin. Dates: uniform over
// 1 July 2022 .. 30 June 2024, so that the 2023 figures cover about half of
// every table (the aggregate queries still scan what their indexes select).
//
// Written fast, as bench_dataset.cc writes the registry: each service's
// migrations, then multi-row prepared INSERTs of 500 rows in the shape the
// stores write (same columns, same encodings), in one transaction per
// service; not through the stores or the APIs (the write path is not what is
// measured). Create() checks the subsidy and outreach rows against the
// generated figures through the stores' own GetStatistics.
#ifndef HOPTAC_BENCH_PROVINCE_DATASET_H_
#define HOPTAC_BENCH_PROVINCE_DATASET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/bench_dataset.h"
#include "services/common/database.h"
#include "services/common/testing/test_database.h"

namespace hoptac::bench {

struct ProvinceScale {
  int cooperatives = 2'000;
  int grants = 50'000;          // and as many ledger entries
  int activities = 100'000;
};

// What was generated, for the checks and the report.
struct ProvinceCounts {
  int64_t programs = 0, beneficiaries = 0, grants = 0, ledger_entries = 0;
  int64_t activities = 0, topics = 0, participants = 0, list_entries = 0;
  // 2023 figures computed from the generated rows (for the subtree of 20).
  int64_t applications_2023 = 0;
  int64_t approved_2023 = 0;
  int64_t activities_2023 = 0;
  int64_t events_2023 = 0;
};

class ProvinceDataset {
 public:
  static absl::StatusOr<std::unique_ptr<ProvinceDataset>> Create(const ProvinceScale& scale);
  ~ProvinceDataset();

  RegistryDataset& registry() { return *registry_; }
  Database& subsidy_database() { return *subsidy_db_; }
  Database& outreach_database() { return *outreach_db_; }
  const MysqlDsn& registry_dsn() const { return registry_dsn_; }
  const MysqlDsn& subsidy_dsn() const { return subsidy_test_db_->dsn(); }
  const MysqlDsn& outreach_dsn() const { return outreach_test_db_->dsn(); }
  const ProvinceCounts& counts() const { return counts_; }
  double load_seconds() const { return load_seconds_; }

 private:
  ProvinceDataset() = default;
  std::unique_ptr<RegistryDataset> registry_;
  std::unique_ptr<testing::TestDatabase> subsidy_test_db_, outreach_test_db_;
  std::unique_ptr<Database> subsidy_db_, outreach_db_;
  MysqlDsn registry_dsn_;
  ProvinceCounts counts_;
  double load_seconds_ = 0;
};

}  // namespace hoptac::bench

#endif  // HOPTAC_BENCH_PROVINCE_DATASET_H_
