#include "services/report/value_format.h"

#include "gtest/gtest.h"

namespace hoptac::report {
namespace {

TEST(FormatCount2Test, CountsBelowTenHaveTwoDigits) {
  EXPECT_EQ(FormatCount2(8), "08");
  EXPECT_EQ(FormatCount2(1), "01");
  EXPECT_EQ(FormatCount2(0), "00");
  EXPECT_EQ(FormatCount2(10), "10");
  EXPECT_EQ(FormatCount2(205), "205");
}

TEST(FormatCountTest, ThousandsAreGroupedByDots) {
  EXPECT_EQ(FormatCount(5), "5");
  EXPECT_EQ(FormatCount(1234), "1.234");
  EXPECT_EQ(FormatCount(1234567), "1.234.567");
  EXPECT_EQ(FormatCount(-1234), "-1.234");
}

TEST(FormatQualifiedCountTest, KeepsTheQualifier) {
  EXPECT_EQ(FormatQualifiedCount(120, Qualifier::kAbout), "khoảng 120");
  EXPECT_EQ(FormatQualifiedCount(40, Qualifier::kOver), "trên 40");
  EXPECT_EQ(FormatQualifiedCount(100, Qualifier::kOver, "hơn"), "hơn 100");
  EXPECT_EQ(FormatQualifiedCount(30, Qualifier::kExact), "30");
  EXPECT_EQ(FormatQualifiedCount(6, Qualifier::kExact), "06");
}

TEST(FormatMoneyMillionTest, WritesMillionsWithADecimalComma) {
  EXPECT_EQ(FormatMoneyMillion(292'500'000), "292,5 triệu đồng");
  EXPECT_EQ(FormatMoneyMillion(120'000'000), "120 triệu đồng");
  EXPECT_EQ(FormatMoneyMillion(10'000'000), "10 triệu đồng");
  EXPECT_EQ(FormatMoneyMillion(21'125'000), "21,125 triệu đồng");
  EXPECT_EQ(FormatMoneyMillion(1'234'000'000), "1.234 triệu đồng");
  EXPECT_EQ(FormatMoneyMillion(0), "0 triệu đồng");
}

TEST(FormatMoneyMillionTest, NeverRoundsAwayDong) {
  EXPECT_EQ(FormatMoneyMillion(1'000'001), "1,000001 triệu đồng");
  EXPECT_EQ(FormatMoneyMillion(500'000), "0,5 triệu đồng");
}

TEST(FormatDateTest, DayAndMonthAreNotPadded) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2023, 5, 15)), "ngày 15/5/2023");
  EXPECT_EQ(FormatDate(absl::CivilDay(2023, 3, 9)), "ngày 9/3/2023");
  EXPECT_EQ(FormatShortDate(absl::CivilDay(2022, 10, 12)), "12/10/2022");
}

}  // namespace
}  // namespace hoptac::report
