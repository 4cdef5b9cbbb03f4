#include "services/outreach/activity.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hoptac::outreach {
namespace {

using ::testing::HasSubstr;

constexpr int kNewsItem = 1, kConference = 4, kRadio = 1, kTelevision = 2, kInPerson = 8;
constexpr int kCollectiveEconomy = 1, kNewRural = 2;
constexpr int kEnterprise = 1, kCooperative = 2, kHousehold = 3, kTotal = 7;

ActivityFields RadioNews(int64_t quantity) {
  ActivityFields f;
  f.kind = kNewsItem;
  f.channel = kRadio;
  f.topics = {kCollectiveEconomy};
  f.title = "Tin về kinh tế tập thể";
  f.org_unit_code = "180";
  f.start_date = absl::CivilDay(2023, 1, 1);
  f.end_date = absl::CivilDay(2023, 12, 31);
  f.quantity = quantity;
  return f;
}

void ExpectInvalid(ActivityFields f, const std::string& field) {
  absl::Status status = ValidateActivityFields(f);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << field;
  EXPECT_THAT(std::string(status.message()), HasSubstr(field + ":"));
}

TEST(ActivityValidationTest, AcceptsABatchOfRadioNews) {
  ActivityFields f = RadioNews(205);
  EXPECT_TRUE(ValidateActivityFields(f).ok());
}

TEST(ActivityValidationTest, EndBeforeStartNamesEndDate) {
  ActivityFields f = RadioNews(1);
  f.end_date = absl::CivilDay(2022, 12, 31);
  ExpectInvalid(f, "end_date");
}

TEST(ActivityValidationTest, NegativeOrZeroQuantityNamesQuantity) {
  ExpectInvalid(RadioNews(-5), "quantity");
  ExpectInvalid(RadioNews(0), "quantity");
}

TEST(ActivityValidationTest, NegativeParticipantCountNamesTheEntry) {
  ActivityFields f = RadioNews(1);
  f.participants = {{kEnterprise, {30, CountQualifier::kExact}},
                    {kCooperative, {-2, CountQualifier::kExact}}};
  ExpectInvalid(f, "participants[1].count.value");
}

TEST(ActivityValidationTest, RepeatedParticipantKindIsRejected) {
  ActivityFields f = RadioNews(1);
  f.participants = {{kEnterprise, {30, CountQualifier::kExact}},
                    {kEnterprise, {2, CountQualifier::kExact}}};
  ExpectInvalid(f, "participants[1].kind");
}

TEST(ActivityValidationTest, MissingKindChannelTopicTitleUnit) {
  ActivityFields f = RadioNews(1);
  f.kind = 0;
  ExpectInvalid(f, "kind");
  f = RadioNews(1);
  f.channel = 99;
  ExpectInvalid(f, "channel");
  f = RadioNews(1);
  f.topics = {};
  ExpectInvalid(f, "topics");
  f = RadioNews(1);
  f.topics = {kNewRural, kNewRural};
  ExpectInvalid(f, "topics");
  f = RadioNews(1);
  f.title = "   ";
  ExpectInvalid(f, "title");
  f = RadioNews(1);
  f.org_unit_code = "18a";
  ExpectInvalid(f, "org_unit_code");
}

TEST(ActivityValidationTest, BadCooperativeRegistrationNumberNamesTheEntry) {
  ActivityFields f = RadioNews(1);
  f.cooperative_registration_numbers = {"4900100001", "49001"};
  ExpectInvalid(f, "cooperative_registration_numbers[1]");
  f.cooperative_registration_numbers = {"4900100001", "4900100001"};
  ExpectInvalid(f, "cooperative_registration_numbers[1]");
}

TEST(ActivityValidationTest, TitleIsNormalisedToNfc) {
  ActivityFields f = RadioNews(1);
  f.title = "  H\u00f4\u0323i nghi\u0323  ";  // ô + combining dot below
  ASSERT_TRUE(ValidateActivityFields(f).ok());
  EXPECT_EQ(f.title, "Hội nghị");
}

TEST(ActivityValidationTest, ValidateRowsReportsEveryBadRowWithItsPath) {
  std::vector<ActivityFields> rows = {RadioNews(1), RadioNews(-1), RadioNews(2), RadioNews(1)};
  rows[3].end_date = absl::CivilDay(2022, 1, 1);
  auto errors = ValidateRows(rows, "activities");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].row, 1);
  EXPECT_EQ(errors[0].field, "activities[1].quantity");
  EXPECT_EQ(errors[1].row, 3);
  EXPECT_EQ(errors[1].field, "activities[3].end_date");
  std::vector<ActivityFields> good = {RadioNews(1), RadioNews(3)};
  EXPECT_TRUE(ValidateRows(good, "activities").empty());
}

TEST(ActivityStatisticsTest, BatchAndSingleItemsSumTheSame) {
  std::vector<ActivityFields> batch = {RadioNews(205)};
  std::vector<ActivityFields> singles(205, RadioNews(1));
  EXPECT_EQ(SumQuantities(batch), SumQuantities(singles));
  EXPECT_EQ(SumQuantities(batch).at({kNewsItem, kRadio, kCollectiveEconomy}), 205);
  std::vector<ActivityFields> fewer(204, RadioNews(1));
  EXPECT_NE(SumQuantities(batch), SumQuantities(fewer));
}

TEST(ActivityStatisticsTest, ATwoTopicActivityCountsUnderBoth) {
  ActivityFields f = RadioNews(37);
  f.topics = {kCollectiveEconomy, kNewRural};
  auto sums = SumQuantities({f});
  EXPECT_EQ(sums.at({kNewsItem, kRadio, kCollectiveEconomy}), 37);
  EXPECT_EQ(sums.at({kNewsItem, kRadio, kNewRural}), 37);
  EXPECT_EQ(sums.count({kNewsItem, kTelevision, kNewRural}), 0u);
}

TEST(ActivityStatisticsTest, ParticipantsSumKeepingTheWeakestQualifier) {
  ActivityFields training = RadioNews(1);
  training.kind = kConference;
  training.channel = kInPerson;
  training.participants = {{kTotal, {120, CountQualifier::kAbout}},
                           {kEnterprise, {30, CountQualifier::kExact}},
                           {kCooperative, {20, CountQualifier::kExact}},
                           {kHousehold, {20, CountQualifier::kExact}}};
  ActivityFields conference = training;
  conference.participants = {{kTotal, {100, CountQualifier::kOver}},
                             {kEnterprise, {10, CountQualifier::kExact}}};
  auto sums = SumParticipants({training, conference});
  ASSERT_TRUE(sums.ok());
  EXPECT_EQ(sums->at(kTotal), (QualifiedCount{220, CountQualifier::kAbout}));
  EXPECT_EQ(sums->at(kEnterprise), (QualifiedCount{40, CountQualifier::kExact}));
  EXPECT_EQ(sums->at(kHousehold), (QualifiedCount{20, CountQualifier::kExact}));
}

}  // namespace
}  // namespace hoptac::outreach
