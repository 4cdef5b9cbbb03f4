// Test fixture: a fresh database with the registry's schema and Lạng Sơn's
// administrative units, and helpers to write cooperatives into it.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_FIXTURE_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/registry/admin_unit_loader.h"
#include "services/registry/registry_migrations.h"
#include "services/registry/registry_store.h"

namespace hoptac::registry {

class RegistryStoreTest : public ::testing::Test {
 protected:
  static constexpr absl::CivilDay kToday{2026, 11, 29};

  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(4);
    auto migrated = ApplyMigrations(*db_, RegistryMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.status();
    store_ = std::make_unique<RegistryStore>(*db_);
    auto catalog = LoadProvinceAdminUnitsFromDir(HOPTAC_SOURCE_DIR "/data/admin-units", "20");
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = *std::move(catalog);
    const absl::Status loaded = store_->LoadAdminUnits(catalog_, "20", "test", Deadline());
    ASSERT_TRUE(loaded.ok()) << loaded;
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

  static CooperativeFields Fields(const std::string& number, const std::string& name,
                                  const std::string& unit, absl::CivilDay established,
                                  Sector sector = Sector::kAgriculture,
                                  CooperativeKind kind = CooperativeKind::kCooperative) {
    CooperativeFields f;
    f.registration_number = number;
    f.display_name = name;
    f.kind = kind;
    f.sector = sector;
    f.org_unit_code = unit;
    f.address = "Lạng Sơn";
    f.establishment_date = established;
    f.member_count = 10;
    f.employee_count = 3;
    f.charter_capital_dong = 100'000'000;
    return f;
  }

  static MutationContext Mutation(const std::string& request_id = "",
                                  const std::string& fingerprint = "f") {
    MutationContext mutation;
    mutation.actor = "test";
    mutation.request_id = request_id;
    mutation.fingerprint = fingerprint;
    return mutation;
  }

  CooperativeRecord Create(const CooperativeFields& fields) {
    auto created = store_->CreateCooperative(fields, Mutation(), Deadline());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : CooperativeRecord{};
  }

  absl::StatusOr<CooperativeRecord> Change(const std::string& number, LifecycleAction action,
                                           absl::CivilDay effective,
                                           DissolutionKind kind = DissolutionKind::kVoluntary) {
    LifecycleChange change;
    change.action = action;
    change.effective_date = effective;
    change.reason = "Theo đề nghị của hợp tác xã";
    change.dissolution_kind = kind;
    return store_->ChangeLifecycle(number, change, kToday, Mutation(), Deadline());
  }

  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<RegistryStore> store_;
  AdminUnitCatalog catalog_;
};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_STORE_FIXTURE_H_
