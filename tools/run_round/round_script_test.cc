#include "tools/run_round/round_script.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hoptac::round {
namespace {

using ::testing::ElementsAre;

TEST(RoundScript, TheLastUnitsByCodeAreLateAndTheSecondOnTimeIsReturned) {
  const RoundScript script =
      PlanRoundScript({"189", "178", "183", "180", "188", "181"}, 2, /*returned=*/"");
  EXPECT_THAT(script.on_time, ElementsAre("178", "180", "181", "183"));
  EXPECT_THAT(script.late, ElementsAre("188", "189"));
  EXPECT_EQ(script.returned, "180");
}

TEST(RoundScript, AChosenReturnedUnitMustBeOnTime) {
  EXPECT_EQ(PlanRoundScript({"178", "183", "189"}, 1, "183").returned, "183");
  EXPECT_EQ(PlanRoundScript({"178", "183", "189"}, 1, "189").returned, "");
}

TEST(RoundScript, MoreLateUnitsThanUnitsMakesEveryoneLate) {
  const RoundScript script = PlanRoundScript({"178"}, 5, "");
  EXPECT_TRUE(script.on_time.empty());
  EXPECT_THAT(script.late, ElementsAre("178"));
  EXPECT_EQ(script.returned, "");
}

}  // namespace
}  // namespace hoptac::round
