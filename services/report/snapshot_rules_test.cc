#include "services/report/snapshot_rules.h"

#include "gtest/gtest.h"
#include "services/report/seed_answers_testing.h"

namespace hoptac::report {
namespace {

TEST(ContentSha256Test, IsTheHexDigestAndChangesWithAnyPart) {
  v1::RenderedReport report;
  report.set_markdown("a");
  const std::string hash = ContentSha256(report);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash, ContentSha256(report));
  v1::RenderedReport moved;
  moved.set_annex_markdown("a");  // same bytes, other part
  EXPECT_NE(hash, ContentSha256(moved));
  report.set_docx("x");
  EXPECT_NE(hash, ContentSha256(report));
}

TEST(DiffStatisticsTest, ListsOnlyTheFiguresThatChanged) {
  const StatisticMap before = testing::CaoLoc2023().Statistics();
  const std::vector<v1::Statistic> submitted = {
      before.at("outreach.radio.news_items.collective_economy"),
      before.at("subsidy.young_graduates.disbursed_dong")};
  EXPECT_TRUE(DiffStatistics(submitted, before).empty());

  testing::SeedAnswers later = testing::CaoLoc2023();
  testing::AddQuantity(later.outreach, outreach::v1::ACTIVITY_KIND_NEWS_ITEM,
                       outreach::v1::CHANNEL_RADIO, outreach::v1::TOPIC_COLLECTIVE_ECONOMY, 1);
  const std::vector<v1::FigureChange> changes = DiffStatistics(submitted, later.Statistics());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].statistic(), "outreach.radio.news_items.collective_economy");
  EXPECT_EQ(changes[0].submitted().value(), 205);
  EXPECT_EQ(changes[0].live().value(), 206);
}

TEST(DiffStatisticsTest, AQualifierChangeIsAChange) {
  const StatisticMap before = testing::CaoLoc2023().Statistics();
  StatisticMap after = before;
  after["outreach.training.participants.total"].set_qualifier(v1::COUNT_QUALIFIER_EXACT);
  EXPECT_EQ(DiffStatistics({before.at("outreach.training.participants.total")}, after).size(), 1u);
}

}  // namespace
}  // namespace hoptac::report
