// A registry database for benchmarks: a fresh database on the MariaDB that
// scripts/bench.sh starts (HOPTAC_TEST_DB_*), with the registry's schema,
// Lạng Sơn's administrative units and N synthetic cooperatives spread over the
// province's 194 communes of before the 2025 reform, each with a history
// (lifecycle events, awards, inspections, a classification, an annual report).
//
// The cooperatives are written with multi-row INSERTs in the shape the store
// writes, not through RegistryStore: 10,000 audited creations plus their
// history would take minutes, and the setup is not what is measured. To catch
// a drift between that shape and the store's, Create() checks the store's own
// GetStatistics and GetCooperative against figures computed here from the
// generated data, and fails when they disagree.
#ifndef HOPTAC_BENCH_BENCH_DATASET_H_
#define HOPTAC_BENCH_BENCH_DATASET_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/database.h"
#include "services/common/testing/test_database.h"
#include "services/registry/cooperative.h"
#include "services/registry/cooperative_records.h"
#include "services/registry/registry_store.h"

namespace hoptac::bench {

// "Today" for store calls that need one: after every generated date.
inline constexpr absl::CivilDay kBenchToday{2026, 11, 29};

struct LifecycleStep {
  registry::LifecycleAction action = registry::LifecycleAction::kSuspend;
  absl::CivilDay day;
  registry::DissolutionKind dissolution_kind = registry::DissolutionKind::kVoluntary;
};

// One generated cooperative and everything recorded on it.
struct SyntheticCooperative {
  int64_t id = 0;
  registry::CooperativeFields fields;  // org_unit_code: an old commune
  std::string district_code;           // the commune's district before 2025
  std::vector<LifecycleStep> steps;    // in date order
  std::vector<absl::CivilDay> awards;
  std::vector<absl::CivilDay> inspections;
  std::optional<registry::ClassificationGrade> grade_2023;  // decided in early 2024
  absl::CivilDay grade_2023_decided;
  std::optional<absl::CivilDay> report_2022_received;  // annual report for 2022

  // Its status on `day`; nullopt before it was established.
  std::optional<registry::CooperativeStatus> StatusOn(absl::CivilDay day) const;
  registry::CooperativeStatus FinalStatus() const;
};

class RegistryDataset {
 public:
  // Creates and loads a database with `cooperatives` cooperatives; the same
  // count always gives the same data (fixed seed).
  static absl::StatusOr<std::unique_ptr<RegistryDataset>> Create(int cooperatives);
  // Drops the database, unless HOPTAC_BENCH_KEEP_DATA=1: then its name is
  // printed and it stays, so that the store's queries can be EXPLAINed on it
  // (run the program by hand against a server you keep; scripts/bench.sh
  // removes its server's data at the end).
  ~RegistryDataset();

  Database& database() { return *database_; }
  registry::RegistryStore& store() { return *store_; }
  const std::vector<SyntheticCooperative>& cooperatives() const { return cooperatives_; }
  // Codes of the communes valid before 1 July 2025, in code order.
  const std::vector<std::string>& old_commune_codes() const { return old_commune_codes_; }
  // How many cooperatives are registered in `district_code`'s communes.
  int64_t CountInDistrict(const std::string& district_code) const;
  const std::string& database_name() const { return test_database_->dsn().database; }

 private:
  RegistryDataset() = default;

  std::unique_ptr<testing::TestDatabase> test_database_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<registry::RegistryStore> store_;
  std::vector<SyntheticCooperative> cooperatives_;
  std::vector<std::string> old_commune_codes_;
};

}  // namespace hoptac::bench

#endif  // HOPTAC_BENCH_BENCH_DATASET_H_
