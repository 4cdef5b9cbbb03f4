#include "services/common/period.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;

TEST(MakeDay, AcceptsARealDay) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(absl::CivilDay day, MakeDay(2023, 10, 13, "establishment_date"));
  EXPECT_EQ(day, absl::CivilDay(2023, 10, 13));
}

TEST(MakeDay, UnsetDateIsRequiredNamingTheField) {
  EXPECT_THAT(MakeDay(0, 0, 0, "establishment_date"),
              StatusIs(kInvalid, AllOf(StartsWith("establishment_date:"), HasSubstr("required"))));
}

TEST(MakeDay, February29OnlyInLeapYears) {
  EXPECT_THAT(MakeDay(2023, 2, 29, "establishment_date"),
              StatusIs(kInvalid, AllOf(StartsWith("establishment_date:"),
                                       HasSubstr("2023-02-29"))));
  HOPTAC_ASSERT_OK_AND_ASSIGN(absl::CivilDay leap, MakeDay(2024, 2, 29, "establishment_date"));
  EXPECT_EQ(leap, absl::CivilDay(2024, 2, 29));
  // 1900 is not a leap year (divisible by 100), 2000 is (divisible by 400).
  EXPECT_THAT(MakeDay(1900, 2, 29, "d"), StatusIs(kInvalid, HasSubstr("1900-02-29")));
  EXPECT_THAT(MakeDay(2000, 2, 29, "d"), IsOk());
}

TEST(MakeDay, DaysThatAbslWouldNormaliseAreRejected) {
  EXPECT_THAT(MakeDay(2023, 2, 30, "d"), StatusIs(kInvalid, HasSubstr("2023-02-30")));
  EXPECT_THAT(MakeDay(2023, 4, 31, "d"), StatusIs(kInvalid, HasSubstr("2023-04-31")));
  EXPECT_THAT(MakeDay(2023, 13, 1, "d"), StatusIs(kInvalid, HasSubstr("2023-13-01")));
  EXPECT_THAT(MakeDay(2023, 1, 32, "d"), StatusIs(kInvalid, HasSubstr("2023-01-32")));
  EXPECT_THAT(MakeDay(2023, 0, 10, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(2023, 5, 0, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(2023, -1, 10, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(2023, 12, 31, "d"), IsOk());
}

TEST(MakeDay, PartlySetDateIsRejected) {
  EXPECT_THAT(MakeDay(2023, 0, 0, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(0, 5, 1, "d"), StatusIs(kInvalid, StartsWith("d:")));
}

TEST(MakeDay, YearsOutside1900To2199AreRejected) {
  EXPECT_THAT(MakeDay(1900, 1, 1, "d"), IsOk());
  EXPECT_THAT(MakeDay(1899, 12, 31, "d"),
              StatusIs(kInvalid, AllOf(StartsWith("d:"), HasSubstr("1899-12-31"),
                                       HasSubstr("1900-01-01"))));
  EXPECT_THAT(MakeDay(2199, 12, 31, "d"), IsOk());
  EXPECT_THAT(MakeDay(2200, 1, 1, "d"),
              StatusIs(kInvalid, AllOf(HasSubstr("2200-01-01"), HasSubstr("2199-12-31"))));
  // A typo'd year must not wrap around or reach year arithmetic.
  EXPECT_THAT(MakeDay(20223, 1, 1, "d"), StatusIs(kInvalid, StartsWith("d:")));
}

TEST(MakeDay, ExtremeIntegersAreRejectedWithoutOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  EXPECT_THAT(MakeDay(kMax, 1, 1, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(kMin, 1, 1, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(2023, kMax, 1, "d"), StatusIs(kInvalid, StartsWith("d:")));
  EXPECT_THAT(MakeDay(2023, 1, kMin, "d"), StatusIs(kInvalid, StartsWith("d:")));
}

TEST(MakePeriod, StartAfterEndIsRejectedNamingTheFieldAndBothDays) {
  EXPECT_THAT(MakePeriod(absl::CivilDay(2023, 12, 31), absl::CivilDay(2023, 1, 1), "period"),
              StatusIs(kInvalid, AllOf(StartsWith("period.end_date:"), HasSubstr("2023-01-01"),
                                       HasSubstr("period.start_date"), HasSubstr("2023-12-31"))));
}

TEST(MakePeriod, SingleDayPeriodIsAllowed) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      Period p, MakePeriod(absl::CivilDay(2023, 6, 30), absl::CivilDay(2023, 6, 30), "period"));
  EXPECT_EQ(p.start, absl::CivilDay(2023, 6, 30));
  EXPECT_EQ(p.end, absl::CivilDay(2023, 6, 30));
}

TEST(MakePeriod, DaysOutsideTheSupportedRangeNameTheirEnd) {
  EXPECT_THAT(MakePeriod(absl::CivilDay(1899, 12, 31), absl::CivilDay(2023, 1, 1), "period"),
              StatusIs(kInvalid, StartsWith("period.start_date:")));
  EXPECT_THAT(MakePeriod(absl::CivilDay(2023, 1, 1), absl::CivilDay(2200, 1, 1), "period"),
              StatusIs(kInvalid, StartsWith("period.end_date:")));
  EXPECT_THAT(MakePeriod(absl::CivilDay(1900, 1, 1), absl::CivilDay(2199, 12, 31), "period"),
              IsOk());
}

TEST(Period, ContainsBothEndsAndNothingOutside) {
  const Period h1{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 6, 30)};
  EXPECT_TRUE(Contains(h1, absl::CivilDay(2023, 1, 1)));
  EXPECT_TRUE(Contains(h1, absl::CivilDay(2023, 3, 15)));
  EXPECT_TRUE(Contains(h1, absl::CivilDay(2023, 6, 30)));
  EXPECT_FALSE(Contains(h1, absl::CivilDay(2022, 12, 31)));
  EXPECT_FALSE(Contains(h1, absl::CivilDay(2023, 7, 1)));
}

TEST(Period, CalendarYearRunsFromJanuary1ToDecember31) {
  const Period y = CalendarYear(2024);
  EXPECT_EQ(y.start, absl::CivilDay(2024, 1, 1));
  EXPECT_EQ(y.end, absl::CivilDay(2024, 12, 31));
  EXPECT_TRUE(Contains(y, absl::CivilDay(2024, 2, 29)));
  EXPECT_FALSE(Contains(y, absl::CivilDay(2025, 1, 1)));
}

TEST(FormatDay, WritesIsoWithZeroPadding) {
  EXPECT_EQ(FormatDay(absl::CivilDay(2023, 12, 31)), "2023-12-31");
  EXPECT_EQ(FormatDay(absl::CivilDay(2023, 1, 5)), "2023-01-05");
  EXPECT_EQ(FormatDay(absl::CivilDay(1900, 1, 1)), "1900-01-01");
}

}  // namespace
}  // namespace hoptac
