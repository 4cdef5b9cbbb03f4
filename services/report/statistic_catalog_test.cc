#include "services/report/statistic_catalog.h"

#include "gtest/gtest.h"
#include "services/report/seed_answers_testing.h"

namespace hoptac::report {
namespace {

int64_t Value(const StatisticMap& m, const std::string& name) {
  auto it = m.find(name);
  EXPECT_NE(it, m.end()) << name;
  return it == m.end() ? -1 : it->second.value();
}

TEST(StatisticCatalogTest, OutreachQuantitiesAreNamedByChannelKindAndTopic) {
  const StatisticMap m = testing::CaoLoc2023().Statistics();
  EXPECT_EQ(Value(m, "outreach.radio.news_items.collective_economy"), 205);
  EXPECT_EQ(Value(m, "outreach.television.articles.collective_economy"), 8);
  EXPECT_EQ(Value(m, "outreach.radio.columns.new_rural_development"), 37);
}

TEST(StatisticCatalogTest, AFigureWithNoRowsIsARealZero) {
  const StatisticMap m = testing::CaoLoc2023().Statistics();
  EXPECT_EQ(Value(m, "outreach.print.articles.tax_policy"), 0);
  EXPECT_EQ(Value(m, "subsidy.land_access.applications"), 0);
  EXPECT_EQ(Value(m, "registry.established"), 0);
}

TEST(StatisticCatalogTest, ParticipantSumsKeepTheWeakestQualifier) {
  testing::SeedAnswers a = testing::CaoLoc2023();
  auto* second = testing::AddEvent(a.outreach, outreach::v1::ACTIVITY_KIND_TRAINING, "Lớp 2");
  testing::AddParticipants(second, outreach::v1::PARTICIPANT_KIND_TOTAL, 40,
                           outreach::v1::COUNT_QUALIFIER_OVER);
  const StatisticMap m = a.Statistics();
  const v1::Statistic& total = m.at("outreach.training.participants.total");
  EXPECT_EQ(total.value(), 160);
  EXPECT_EQ(total.qualifier(), v1::COUNT_QUALIFIER_ABOUT);
  const v1::Statistic& delegates = m.at("outreach.conference.participants.delegates");
  EXPECT_EQ(delegates.value(), 100);
  EXPECT_EQ(delegates.qualifier(), v1::COUNT_QUALIFIER_OVER);
}

TEST(StatisticCatalogTest, SubsidyFiguresRollUpFundSourcesAndKeepEachOne) {
  const StatisticMap m = testing::CaoLoc2023().Statistics();
  EXPECT_EQ(Value(m, "subsidy.industrial_promotion.approved_grants"), 3);
  EXPECT_EQ(Value(m, "subsidy.industrial_promotion.approved_dong"), 680'000'000);
  EXPECT_EQ(Value(m, "subsidy.industrial_promotion.national.approved_dong"), 300'000'000);
  EXPECT_EQ(Value(m, "subsidy.industrial_promotion.local.approved_grants"), 2);
  EXPECT_EQ(Value(m, "subsidy.credit_interest.beneficiaries"), 8);
  EXPECT_EQ(Value(m, "subsidy.ocop.household_businesses"), 1);
  EXPECT_EQ(m.at("subsidy.young_graduates.disbursed_dong").unit(), v1::STATISTIC_UNIT_DONG);
}

TEST(StatisticCatalogTest, RegistryCountsAndEventListsAreNamed) {
  const StatisticMap m = testing::CaoLoc2023().Statistics();
  EXPECT_EQ(Value(m, "registry.awarded_cooperatives"), 10);
  EXPECT_EQ(Value(m, "registry.dissolved"), 1);
  const v1::Statistic& fairs = m.at("outreach.trade_promotion.events");
  ASSERT_EQ(fairs.items_size(), 1);
  EXPECT_EQ(fairs.items(0), "Hội chợ Xuân Xứ Lạng tại Thành phố Lạng Sơn");
  EXPECT_EQ(m.at("registry.dissolved").service(), "registry");
}

TEST(StatisticCatalogTest, KnowsItsNames) {
  EXPECT_TRUE(IsKnownStatistic("subsidy.ocop.disbursed_dong"));
  EXPECT_TRUE(IsKnownStatistic("outreach.voter_meeting.participants.enterprises_or_cooperatives"));
  EXPECT_FALSE(IsKnownStatistic("subsidy.ocop.disbursed"));
  EXPECT_FALSE(IsKnownStatistic(""));
}

}  // namespace
}  // namespace hoptac::report
