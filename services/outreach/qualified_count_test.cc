#include "services/outreach/qualified_count.h"

#include "gtest/gtest.h"

namespace hoptac::outreach {
namespace {

constexpr auto kExact = CountQualifier::kExact;
constexpr auto kAbout = CountQualifier::kAbout;
constexpr auto kOver = CountQualifier::kOver;

QualifiedCount Sum(QualifiedCount a, QualifiedCount b) {
  auto sum = Add(a, b);
  EXPECT_TRUE(sum.ok()) << sum.status();
  return sum.value_or(QualifiedCount{-1, kExact});
}

TEST(QualifiedCountTest, ExactPlusExactStaysExact) {
  EXPECT_EQ(Sum({30, kExact}, {20, kExact}), (QualifiedCount{50, kExact}));
}

TEST(QualifiedCountTest, AboutPlusExactIsAbout) {
  EXPECT_EQ(Sum({120, kAbout}, {30, kExact}), (QualifiedCount{150, kAbout}));
  EXPECT_EQ(Sum({30, kExact}, {120, kAbout}), (QualifiedCount{150, kAbout}));
}

TEST(QualifiedCountTest, OverPlusExactIsOver) {
  EXPECT_EQ(Sum({40, kOver}, {10, kExact}), (QualifiedCount{50, kOver}));
  EXPECT_EQ(Sum({10, kExact}, {40, kOver}), (QualifiedCount{50, kOver}));
}

TEST(QualifiedCountTest, AboutPlusOverIsAboutBecauseAboutGivesNoLowerBound) {
  EXPECT_EQ(Sum({120, kAbout}, {40, kOver}), (QualifiedCount{160, kAbout}));
  EXPECT_EQ(Sum({40, kOver}, {120, kAbout}), (QualifiedCount{160, kAbout}));
}

TEST(QualifiedCountTest, NegativeOperandIsRejected) {
  EXPECT_EQ(Add({-1, kExact}, {3, kExact}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(QualifiedCountTest, OverflowIsRejected) {
  EXPECT_EQ(Add({kMaxCount, kExact}, {1, kExact}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Add({kMaxCount - 1, kExact}, {1, kExact}).ok());
}

TEST(QualifiedCountTest, FormatsTheReportsWording) {
  EXPECT_EQ(FormatVietnamese({120, kAbout}), "khoảng 120");
  EXPECT_EQ(FormatVietnamese({40, kOver}), "trên 40");
  EXPECT_EQ(FormatVietnamese({30, kExact}), "30");
}

}  // namespace
}  // namespace hoptac::outreach
