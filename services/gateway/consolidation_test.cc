// The consolidated report: totals with qualifiers, per-unit tables, narratives
// named by unit, left-out units named; and its three renderings.
#include "services/gateway/consolidation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/gateway/consolidated_renderers.h"

namespace hoptac::gateway {
namespace {

namespace rv1 = ::hoptac::report::v1;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTraining[] = "outreach.training.participants.total";
constexpr char kMoney[] = "subsidy.establishment.disbursed_dong";
constexpr char kFairs[] = "outreach.trade_promotion.events";

rv1::ReportTemplate Template() {
  rv1::ReportTemplate t;
  for (const char* name : {kTraining, kMoney, kFairs, kTraining}) {
    t.add_bindings()->set_statistic(name);
  }
  rv1::NarrativeSlot* slot = t.add_narrative_slots();
  slot->set_key("limitations");
  slot->set_title("Tồn tại, hạn chế");
  return t;
}

void AddStatistic(rv1::ReportSnapshot& s, const std::string& name, rv1::StatisticUnit unit,
                  int64_t value, rv1::CountQualifier q = rv1::COUNT_QUALIFIER_EXACT) {
  rv1::Statistic* st = s.mutable_report()->add_statistics();
  st->set_name(name);
  st->set_label(name == kTraining ? "Người tham dự tập huấn" : name);
  st->set_unit(unit);
  st->set_value(value);
  st->set_qualifier(q);
}

rv1::ReportSnapshot Snapshot(int64_t attendees, rv1::CountQualifier q, int64_t dong,
                             const std::string& limitation) {
  rv1::ReportSnapshot s;
  AddStatistic(s, kTraining, rv1::STATISTIC_UNIT_COUNT, attendees, q);
  AddStatistic(s, kMoney, rv1::STATISTIC_UNIT_DONG, dong);
  rv1::Statistic* fairs = s.mutable_report()->add_statistics();
  fairs->set_name(kFairs);
  fairs->set_label("Hội chợ");
  fairs->set_unit(rv1::STATISTIC_UNIT_ITEMS);
  fairs->set_value(1);
  fairs->add_items("Hội chợ Xuân Xứ Lạng");
  rv1::NarrativeText* n = s.mutable_draft()->add_narratives();
  n->set_slot("limitations");
  n->set_text(limitation);
  return s;
}

class ConsolidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    template_ = Template();
    cao_loc_ = Snapshot(120, rv1::COUNT_QUALIFIER_ABOUT, 120'000'000, "Nguồn lực còn hạn chế.");
    loc_binh_ = Snapshot(30, rv1::COUNT_QUALIFIER_EXACT, 172'500'000, "Cán bộ kiêm nhiệm.");
    input_.report_template = &template_;
    input_.included = {{{"183", "Huyện Cao Lộc"}, &cao_loc_}, {{"188", "Huyện Lộc Bình"}, &loc_binh_}};
    input_.missing = {{"180", "Thành phố Lạng Sơn"}};
    input_.unaccepted = {{"181", "Huyện Tràng Định"}};
  }

  rv1::ReportTemplate template_;
  rv1::ReportSnapshot cao_loc_, loc_binh_;
  ConsolidationInput input_;
};

TEST_F(ConsolidationTest, EveryTemplateStatisticOnceWithTotalsAndUnitRows) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto report, Consolidate(input_));
  ASSERT_EQ(report.statistics_size(), 3);  // kTraining is bound twice, listed once
  const auto& training = report.statistics(0);
  EXPECT_EQ(training.name(), kTraining);
  EXPECT_EQ(training.label(), "Người tham dự tập huấn");
  EXPECT_EQ(training.total(), 150);
  EXPECT_EQ(training.total_qualifier(), rv1::COUNT_QUALIFIER_ABOUT);  // about + exact
  ASSERT_EQ(training.unit_values_size(), 2);
  EXPECT_EQ(training.unit_values(0).unit().display_name(), "Huyện Cao Lộc");
  EXPECT_EQ(training.unit_values(0).value(), 120);
  EXPECT_EQ(training.unit_values(1).value(), 30);
  EXPECT_EQ(report.statistics(1).total(), 292'500'000);
  EXPECT_EQ(report.statistics(2).total(), 2);
  EXPECT_EQ(report.statistics(2).unit_values(1).items(0), "Hội chợ Xuân Xứ Lạng");
}

TEST_F(ConsolidationTest, NarrativesCarryTheUnitOfEachPassage) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto report, Consolidate(input_));
  ASSERT_EQ(report.narratives_size(), 1);
  const auto& n = report.narratives(0);
  EXPECT_EQ(n.title(), "Tồn tại, hạn chế");
  ASSERT_EQ(n.passages_size(), 2);
  EXPECT_EQ(n.passages(0).unit().code(), "183");
  EXPECT_EQ(n.passages(0).text(), "Nguồn lực còn hạn chế.");
  EXPECT_EQ(n.passages(1).unit().display_name(), "Huyện Lộc Bình");
}

TEST_F(ConsolidationTest, LeftOutUnitsAreListed) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto report, Consolidate(input_));
  ASSERT_EQ(report.missing_units_size(), 1);
  EXPECT_EQ(report.missing_units(0).org_unit(), "orgUnits/180");
  ASSERT_EQ(report.unaccepted_units_size(), 1);
  EXPECT_EQ(report.unaccepted_units(0).display_name(), "Huyện Tràng Định");
  EXPECT_EQ(report.included_units_size(), 2);
}

TEST_F(ConsolidationTest, ASnapshotWithoutATemplateStatisticIsRefusedNotZeroed) {
  loc_binh_.mutable_report()->mutable_statistics()->RemoveLast();
  EXPECT_THAT(Consolidate(input_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       ::testing::AllOf(HasSubstr("Huyện Lộc Bình"), HasSubstr(kFairs))));
}

TEST_F(ConsolidationTest, NoUnitIncludedGivesZeroTotalsAndEveryUnitNamed) {
  input_.included.clear();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto report, Consolidate(input_));
  EXPECT_EQ(report.statistics_size(), 3);
  EXPECT_EQ(report.statistics(0).total(), 0);
  EXPECT_EQ(report.statistics(0).unit_values_size(), 0);
}

ConsolidatedHeading Heading() {
  ConsolidatedHeading h;
  h.issuing_body = "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN";
  h.province_name = "Tỉnh Lạng Sơn";
  h.place_name = "Lạng Sơn";
  h.title = "Tổng hợp kết quả thực hiện Kế hoạch số 115/KH-UBND năm 2023";
  h.request_letter = "Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023";
  h.year = 2023;
  h.document_year = 2023;
  h.expected_units = 11;
  return h;
}

TEST_F(ConsolidationTest, MarkdownKeepsQualifiersUnitNamesAndLeftOutUnits) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto report, Consolidate(input_));
  const std::string md = WriteConsolidatedMarkdown(Heading(), report);
  EXPECT_THAT(md, HasSubstr("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN"));
  EXPECT_THAT(md, HasSubstr("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  EXPECT_THAT(md, HasSubstr("Lạng Sơn, ngày      tháng      năm 2023"));
  EXPECT_THAT(md, HasSubstr("Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023"));
  EXPECT_THAT(md, HasSubstr("| Huyện Cao Lộc | khoảng 120 |"));
  EXPECT_THAT(md, HasSubstr("| **Tổng toàn tỉnh** | **khoảng 150** |"));
  EXPECT_THAT(md, HasSubstr("292.500.000 đồng"));
  EXPECT_THAT(md, HasSubstr("Thành phố Lạng Sơn"));
  EXPECT_THAT(md, HasSubstr("Huyện Tràng Định"));
  EXPECT_THAT(md, HasSubstr("**Huyện Lộc Bình:**"));
  EXPECT_THAT(md, HasSubstr("Cán bộ kiêm nhiệm."));
  EXPECT_THAT(md, Not(HasSubstr("| Huyện Cao Lộc | 120 |")));
}

TEST_F(ConsolidationTest, DocxAndXlsxAreZipArchives) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto report, Consolidate(input_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string docx, WriteConsolidatedDocx(Heading(), report));
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::string xlsx, WriteConsolidatedXlsx(Heading(), report));
  EXPECT_EQ(docx.substr(0, 2), "PK");
  EXPECT_EQ(xlsx.substr(0, 2), "PK");
  EXPECT_GT(xlsx.size(), 1000u);
}

}  // namespace
}  // namespace hoptac::gateway
