// The shipped Cao Lộc template rendered with the fixture's draft and the
// services' answers as they are for Cao Lộc 2023: every seed figure appears
// with the seed's wording, and the document has the Decree 30 parts.
#include "services/report/official_document.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"
#include "services/report/report_rendering.h"
#include "services/report/seed_answers_testing.h"
#include "services/report/template_files.h"

namespace hoptac::report {
namespace {

using ::hoptac::testing::IsOk;
using ::testing::HasSubstr;
using ::testing::Not;

class ShippedTemplateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto templates = LoadTemplateDirectory(HOPTAC_SOURCE_DIR "/data/report-templates");
    ASSERT_THAT(templates, IsOk());
    ASSERT_EQ(templates->size(), 1u);
    template_ = (*templates)[0];
    auto draft = LoadDraftDirectory(HOPTAC_SOURCE_DIR "/tests/fixtures/cao-loc-2023/report");
    ASSERT_THAT(draft, IsOk());
    draft_ = *draft;
  }
  v1::ReportTemplate template_;
  v1::ReportDraft draft_;
};

TEST_F(ShippedTemplateTest, ItsVersionAndIdComeFromTheFolders) {
  EXPECT_EQ(template_.template_id(), "bao-cao-ke-hoach-115");
  EXPECT_EQ(template_.version(), 1);
}

TEST_F(ShippedTemplateTest, RendersEverySeedFigureWithTheSeedsWording) {
  auto report = RenderReport(template_, draft_, testing::CaoLoc2023().Statistics());
  ASSERT_THAT(report, IsOk());
  const std::string& md = report->markdown();
  for (const char* figure : {
           "205 tin, 57 bài; 37 chuyên mục", "54 tin, 08 bài",
           "Kế hoạch số 158-KH/HU ngày 30/3/2023", "Kế hoạch số 241/KH-UBND ngày 30/6/2023",
           "Kế hoạch số 258/KH-UBND ngày 31/7/2023", "Quyết định số 3152/QĐ-UBND ngày 12/10/2022",
           "Công văn số 1933/UBND-TNMT ngày 26/7/2023",
           "chưa có doanh nghiệp, hợp tác xã nào đề nghị hỗ trợ",
           "khoảng 120 người tham dự, trong đó: Có 30 doanh nghiệp, 20 hợp tác xã, 20 hộ kinh doanh",
           "khen thưởng 10 hợp tác xã", "trên 40 doanh nghiệp, HTX",
           "06 hợp tác xã với tổng kinh phí 120 triệu đồng", "08 chủ thể là 169 triệu đồng",
           "04 hợp tác xã với kinh phí là 292,5 triệu đồng",
           "01 hộ kinh doanh và 01 hợp tác xã là 10 triệu đồng",
           "03 chủ thể tổng số tiền là 105 triệu đồng",
           "03 dự án được hưởng với tổng kinh phí hỗ trợ 680 triệu đồng",
           "khuyến công quốc gia 01 dự án với số tiền 300 triệu đồng",
           "khuyến công địa phương 02 dự án với số tiền 380 triệu đồng", "hơn 100 đại biểu",
           "giải thể 01 hợp tác xã", "giải thể tự nguyện cho 01 hợp tác xã",
           "Hoàng Mạnh Cường", "KT. CHỦ TỊCH", "Độc lập - Tự do - Hạnh phúc",
           "Cao Lộc, ngày      tháng 12 năm 2023", "UBND HUYỆN CAO LỘC"}) {
    EXPECT_THAT(md, HasSubstr(figure));
  }
  EXPECT_THAT(md, Not(HasSubstr("&amp;")));
  EXPECT_THAT(md, Not(HasSubstr("{{")));
}

TEST_F(ShippedTemplateTest, HeadingsFollowTheSeedsSections) {
  auto report = RenderReport(template_, draft_, testing::CaoLoc2023().Statistics());
  ASSERT_THAT(report, IsOk());
  std::vector<std::string> numbers;
  for (const BodyBlock& b : SplitBody(report->markdown())) {
    if (b.heading) numbers.push_back(b.text.substr(0, b.text.find(' ')));
  }
  EXPECT_THAT(numbers, ::testing::ElementsAre("1.", "2.", "3.", "3.1.", "3.2.", "3.3.", "3.3.1.",
                                              "3.3.2.", "3.3.3.", "3.4.", "3.4.1.", "3.4.2.", "4.",
                                              "BIỂU"));  // the annex
}

TEST_F(ShippedTemplateTest, TheAnnexListsEveryStatisticTheTemplateUses) {
  auto report = RenderReport(template_, draft_, testing::CaoLoc2023().Statistics());
  ASSERT_THAT(report, IsOk());
  // Two placeholders share subsidy.land_access.applications.
  EXPECT_EQ(report->statistics_size(), template_.bindings_size() - 1);
  EXPECT_THAT(report->annex_markdown(), HasSubstr("292.500.000 đồng"));
  EXPECT_THAT(report->annex_markdown(), HasSubstr("khoảng 120"));
}

TEST(AnnexValueTest, WritesUnitsAndQualifiers) {
  v1::Statistic s;
  s.set_unit(v1::STATISTIC_UNIT_DONG);
  s.set_value(292'500'000);
  EXPECT_EQ(AnnexValue(s), "292.500.000 đồng");
  s.set_unit(v1::STATISTIC_UNIT_COUNT);
  s.set_value(40);
  s.set_qualifier(v1::COUNT_QUALIFIER_OVER);
  EXPECT_EQ(AnnexValue(s), "trên 40");
}

TEST(SplitBodyTest, HeadingsLoseTheirMarkers) {
  const std::vector<BodyBlock> blocks = SplitBody("# 1. Một\n\ntext\n### 3.3.2. Ba\n");
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_TRUE(blocks[0].heading);
  EXPECT_EQ(blocks[0].text, "1. Một");
  EXPECT_FALSE(blocks[1].heading);
  EXPECT_EQ(blocks[2].text, "3.3.2. Ba");
}

}  // namespace
}  // namespace hoptac::report
