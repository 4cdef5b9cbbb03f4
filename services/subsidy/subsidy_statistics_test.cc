// GetStatistics reproduces the subsidy figures of the seed report (Cao Lộc,
// 2023, section 3.3.2) from the fixture testdata/cao-loc-2023-subsidies.txt:
// the amounts are data there, with their legal basis; the expectations below
// are the report's own figures.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/sql_values.h"
#include "services/subsidy/subsidy_store_fixture.h"

namespace hoptac::subsidy {
namespace {

using ::testing::ElementsAre;

std::vector<std::vector<std::string>> ReadRecords(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::vector<std::string>> records;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    records.push_back(absl::StrSplit(line, '|'));
  }
  return records;
}

int64_t Int(const std::string& s) {
  int64_t v = 0;
  EXPECT_TRUE(absl::SimpleAtoi(s, &v)) << s;
  return v;
}

// Huyện Cao Lộc (183) and its communes, from the GSO file the registry loads.
std::vector<std::string> CaoLocSubtree() {
  std::vector<std::string> codes = {"183"};
  std::ifstream in(HOPTAC_SOURCE_DIR "/data/admin-units/communes-before-2025-07-01.csv");
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells = absl::StrSplit(line, ',');
    if (cells.size() > 5 && cells[3] == "183") codes.push_back(cells[5]);
  }
  return codes;
}

class SeedReportTest : public SubsidyStoreTest {
 protected:
  void SetUp() override {
    SubsidyStoreTest::SetUp();
    int n = 0;
    for (const auto& r : ReadRecords(HOPTAC_SOURCE_DIR
                                     "/services/subsidy/testdata/cao-loc-2023-subsidies.txt")) {
      ++n;
      if (r[0] == "program") {
        ASSERT_EQ(r.size(), 11u);
        Program p;
        p.code = r[1];
        p.support_kind = static_cast<SupportKind>(Int(r[2]));
        p.fund_source = static_cast<FundSource>(Int(r[3]));
        p.org_unit_code = r[4];
        p.budgets = {{static_cast<int>(Int(r[5])), Int(r[6]), 0}};
        p.valid_from = ParseSqlDate(r[7]);
        p.valid_to = ParseSqlDate(r[8]);
        p.title = r[9];
        p.legal_basis = absl::StrSplit(r[10], ';');
        p.eligible_kinds = {BeneficiaryKind::kCooperative, BeneficiaryKind::kHouseholdBusiness,
                            BeneficiaryKind::kEnterprise};
        ASSERT_TRUE(store_->CreateProgram(p, Mutation(), Deadline()).ok()) << p.code;
      } else {
        ASSERT_EQ(r.size(), 13u);
        Beneficiary b;
        b.kind = static_cast<BeneficiaryKind>(Int(r[2]));
        (IsRegistryKind(b.kind) ? b.registration_number : b.tax_code) = r[3];
        b.display_name = "Chủ thể " + r[3];
        b.org_unit_code = r[4];
        auto created = store_->CreateBeneficiary(b, Mutation(), Deadline());
        ASSERT_TRUE(created.ok()) << created.status();
        GrantApplication a{r[1], created->id, static_cast<int>(Int(r[5])), r[6],
                           ParseSqlDate(r[7]), Int(r[8])};
        auto g = store_->ApplyForGrant(a, Mutation(), Deadline());
        ASSERT_TRUE(g.ok()) << g.status();
        auto approved = store_->ApproveGrant(g->id, {r[9], ParseSqlDate(r[10]), Int(r[8])},
                                             Mutation(), Deadline());
        ASSERT_TRUE(approved.ok()) << approved.status();
        if (Int(r[11]) > 0) {
          auto paid = store_->RecordDisbursement({g->id, Int(r[11]), ParseSqlDate(r[12]), ""},
                                                 Mutation("seed-" + std::to_string(n)),
                                                 Deadline());
          ASSERT_TRUE(paid.ok()) << paid.status();
        }
      }
    }
    auto stats = store_->GetStatistics(CaoLocSubtree(), CalendarYear(2023), {}, Deadline());
    ASSERT_TRUE(stats.ok()) << stats.status();
    stats_ = *std::move(stats);
  }

  const KindFigures& Kind(SupportKind kind, FundSource fund) {
    for (const KindFigures& k : stats_.by_support_kind) {
      if (k.support_kind == kind && k.fund_source == fund) return k;
    }
    ADD_FAILURE() << "no figures for kind " << static_cast<int>(kind);
    static const KindFigures none;
    return none;
  }

  static int64_t Count(const SubsidyFigures& f, BeneficiaryKind kind) {
    for (const auto& [k, n] : f.beneficiaries) {
      if (k == kind) return n;
    }
    return 0;
  }

  SubsidyStatistics stats_;
};

TEST_F(SeedReportTest, EstablishmentSupportIs06CooperativesAnd120Million) {
  const SubsidyFigures& f = Kind(SupportKind::kEstablishment, FundSource::kProvincial).figures;
  EXPECT_EQ(Count(f, BeneficiaryKind::kCooperative), 6);
  EXPECT_EQ(f.disbursed_net_dong, 120'000'000);
}

TEST_F(SeedReportTest, CreditInterestSupportIs08BeneficiariesAnd169Million) {
  const SubsidyFigures& f = Kind(SupportKind::kCreditInterest, FundSource::kProvincial).figures;
  EXPECT_EQ(Count(f, BeneficiaryKind::kCooperative) + Count(f, BeneficiaryKind::kHouseholdBusiness),
            8);
  EXPECT_EQ(f.disbursed_net_dong, 169'000'000);
}

TEST_F(SeedReportTest, YoungGraduatesAre04CooperativesAnd292Point5Million) {
  const SubsidyFigures& f = Kind(SupportKind::kYoungGraduates, FundSource::kNational).figures;
  EXPECT_EQ(Count(f, BeneficiaryKind::kCooperative), 4);
  EXPECT_EQ(f.disbursed_net_dong, 292'500'000);
}

TEST_F(SeedReportTest, OcopIs01HouseholdBusinessAnd01CooperativeFor10Million) {
  const SubsidyFigures& f = Kind(SupportKind::kOcop, FundSource::kProvincial).figures;
  EXPECT_EQ(Count(f, BeneficiaryKind::kHouseholdBusiness), 1);
  EXPECT_EQ(Count(f, BeneficiaryKind::kCooperative), 1);
  EXPECT_EQ(f.disbursed_net_dong, 10'000'000);
}

TEST_F(SeedReportTest, MarketExpansionIs03BeneficiariesAnd105Million) {
  const SubsidyFigures& f = Kind(SupportKind::kMarketExpansion, FundSource::kProvincial).figures;
  EXPECT_EQ(Count(f, BeneficiaryKind::kEnterprise), 3);
  EXPECT_EQ(f.disbursed_net_dong, 105'000'000);
}

TEST_F(SeedReportTest, IndustrialPromotionIs03ProjectsFor680MillionByFundSource) {
  const SubsidyFigures& national =
      Kind(SupportKind::kIndustrialPromotion, FundSource::kNational).figures;
  const SubsidyFigures& local = Kind(SupportKind::kIndustrialPromotion, FundSource::kLocal).figures;
  EXPECT_EQ(national.approved_grants, 1);
  EXPECT_EQ(national.approved_dong, 300'000'000);
  EXPECT_EQ(local.approved_grants, 2);
  EXPECT_EQ(local.approved_dong, 380'000'000);
  EXPECT_EQ(national.approved_dong + local.approved_dong, 680'000'000);
  EXPECT_EQ(national.disbursed_net_dong + local.disbursed_net_dong, 0);  // approved for 2024
}

TEST_F(SeedReportTest, NobodyAppliedForLandAccess) {
  EXPECT_THAT(stats_.programs_without_applications, ElementsAre("CL-2023-DAT-DAI"));
}

TEST_F(SeedReportTest, OtherDistrictsAndOtherYearsDoNotCount) {
  auto other = store_->GetStatistics({"184", "06253"}, CalendarYear(2023), {}, Deadline());
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_EQ(other->by_support_kind.size(), 1u);
  EXPECT_EQ(other->by_support_kind[0].figures.disbursed_net_dong, 20'000'000);
  auto later = store_->GetStatistics(CaoLocSubtree(), CalendarYear(2024), {}, Deadline());
  ASSERT_TRUE(later.ok()) << later.status();
  for (const ProgramFigures& p : later->programs) {
    EXPECT_EQ(p.figures.disbursed_net_dong, 0) << p.program.code;
    EXPECT_EQ(p.figures.approved_dong, 0) << p.program.code;
  }
}

TEST_F(SubsidyStoreTest, RollUpCountsABeneficiaryOfTwoProgramsOfOneKindOnce) {
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("A", 1'000'000), Mutation(), Deadline()).ok());
  ASSERT_TRUE(store_->CreateProgram(MakeProgram("B", 1'000'000), Mutation(), Deadline()).ok());
  const Beneficiary b = MakeBeneficiary("4800000077", "06247");
  ApplyAndApprove("A", b.id, 100);
  ApplyAndApprove("B", b.id, 200);
  auto stats = store_->GetStatistics({"183", "06247"}, CalendarYear(2023), {}, Deadline());
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(stats->programs.size(), 2u);
  ASSERT_EQ(stats->by_support_kind.size(), 1u);
  const SubsidyFigures& rolled = stats->by_support_kind[0].figures;
  EXPECT_EQ(rolled.approved_grants, 2);
  EXPECT_EQ(rolled.approved_dong, 300);
  ASSERT_EQ(rolled.beneficiaries.size(), 1u);
  EXPECT_EQ(rolled.beneficiaries[0].second, 1);
}

}  // namespace
}  // namespace hoptac::subsidy
