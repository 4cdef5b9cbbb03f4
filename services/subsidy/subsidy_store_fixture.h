// Test fixture: a fresh database with the subsidy schema, and helpers to make
// programs, beneficiaries and approved grants in it.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_FIXTURE_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/connection.h"
#include "cppconn/resultset.h"
#include "cppconn/statement.h"
#include "gtest/gtest.h"
#include "services/common/migrations.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/subsidy/subsidy_migrations.h"
#include "services/subsidy/subsidy_store.h"

namespace hoptac::subsidy {

class SubsidyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(16);
    auto migrated = ApplyMigrations(*db_, SubsidyMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.status();
    store_ = std::make_unique<SubsidyStore>(*db_);
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(60); }

  static MutationContext Mutation(const std::string& request_id = "",
                                  const std::string& fingerprint = "f") {
    return MutationContext{"test", request_id, fingerprint, std::nullopt};
  }

  static Program MakeProgram(const std::string& code, int64_t budget_2023,
                             int64_t cap = 0) {
    Program p;
    p.code = code;
    p.title = "Hỗ trợ thành lập mới hợp tác xã";
    p.legal_basis = {"Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh"};
    p.support_kind = SupportKind::kEstablishment;
    p.fund_source = FundSource::kProvincial;
    p.org_unit_code = "20";
    p.eligible_kinds = {BeneficiaryKind::kCooperative, BeneficiaryKind::kHouseholdBusiness};
    p.budgets = {{2023, budget_2023, 0}};
    p.cap_per_beneficiary_dong = cap;
    p.valid_from = absl::CivilDay(2020, 1, 1);
    p.valid_to = absl::CivilDay(2025, 12, 31);
    return p;
  }

  Beneficiary MakeBeneficiary(const std::string& tax_code, const std::string& unit = "178") {
    Beneficiary b;
    b.kind = BeneficiaryKind::kHouseholdBusiness;
    b.tax_code = tax_code;
    b.display_name = absl::StrCat("Hộ kinh doanh ", tax_code);
    b.org_unit_code = unit;
    auto created = store_->CreateBeneficiary(b, Mutation(), Deadline());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : Beneficiary{};
  }

  Grant Apply(const std::string& program, int64_t beneficiary, int64_t amount) {
    GrantApplication a{program, beneficiary, 2023, "", absl::CivilDay(2023, 3, 1), amount};
    auto g = store_->ApplyForGrant(a, Mutation(), Deadline());
    EXPECT_TRUE(g.ok()) << g.status();
    return g.ok() ? *g : Grant{};
  }

  Grant ApplyAndApprove(const std::string& program, int64_t beneficiary, int64_t amount) {
    const Grant g = Apply(program, beneficiary, amount);
    auto approved = store_->ApproveGrant(g.id, {"12/QĐ-UBND", absl::CivilDay(2023, 4, 1), amount},
                                         Mutation(), Deadline());
    EXPECT_TRUE(approved.ok()) << approved.status();
    return approved.ok() ? *approved : Grant{};
  }

  // One integer from SQL, read independently of the store.
  int64_t QueryInt(const std::string& query) {
    int64_t value = -1;
    absl::Status s = db_->WithSession(Deadline(), [&](SqlSession& session) -> absl::Status {
      std::unique_ptr<sql::Statement> st(session.connection().createStatement());
      std::unique_ptr<sql::ResultSet> r(st->executeQuery(query));
      if (r->next()) value = r->isNull(1) ? 0 : r->getInt64(1);
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return value;
  }

  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SubsidyStore> store_;
};

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_FIXTURE_H_
