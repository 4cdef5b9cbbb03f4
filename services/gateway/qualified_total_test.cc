// Totals of qualified counts keep the weakest qualifier.
#include "services/gateway/qualified_total.h"

#include "gtest/gtest.h"

namespace hoptac::gateway {
namespace {

Exactness Sum(Exactness a, Exactness b) {
  QualifiedTotal t;
  t.Add(10, a);
  t.Add(20, b);
  EXPECT_EQ(t.value(), 30);
  return t.exactness();
}

TEST(QualifiedTotalTest, AboutPlusExactIsAbout) {
  EXPECT_EQ(Sum(Exactness::kAbout, Exactness::kExact), Exactness::kAbout);
  EXPECT_EQ(Sum(Exactness::kExact, Exactness::kAbout), Exactness::kAbout);
}

TEST(QualifiedTotalTest, OverPlusExactIsOver) {
  EXPECT_EQ(Sum(Exactness::kOver, Exactness::kExact), Exactness::kOver);
  EXPECT_EQ(Sum(Exactness::kExact, Exactness::kOver), Exactness::kOver);
}

TEST(QualifiedTotalTest, AboutPlusOverIsAbout) {
  EXPECT_EQ(Sum(Exactness::kAbout, Exactness::kOver), Exactness::kAbout);
  EXPECT_EQ(Sum(Exactness::kOver, Exactness::kAbout), Exactness::kAbout);
}

TEST(QualifiedTotalTest, ExactPlusExactIsExactAndAnEmptyTotalIsExactZero) {
  EXPECT_EQ(Sum(Exactness::kExact, Exactness::kExact), Exactness::kExact);
  QualifiedTotal empty;
  EXPECT_EQ(empty.value(), 0);
  EXPECT_EQ(empty.exactness(), Exactness::kExact);
}

TEST(QualifiedTotalTest, UnsetQualifierReadsAsExact) {
  EXPECT_EQ(ExactnessFromNumber(0), Exactness::kExact);
  EXPECT_EQ(ExactnessFromNumber(2), Exactness::kAbout);
  EXPECT_EQ(ExactnessFromNumber(3), Exactness::kOver);
}

}  // namespace
}  // namespace hoptac::gateway
