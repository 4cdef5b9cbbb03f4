// Completeness and timeliness of a round.
#include "services/gateway/round_status.h"

#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace hoptac::gateway {
namespace {

const absl::Time kSomeTime = absl::FromUnixSeconds(1'702'000'000);

std::vector<ExpectedUnitInfo> Units(int n) {
  std::vector<ExpectedUnitInfo> out;
  for (int i = 0; i < n; ++i) out.push_back({std::to_string(180 + i), "Đơn vị " + std::to_string(i)});
  return out;
}

UnitProgress Progress(const std::string& code, UnitState state, bool on_time) {
  UnitProgress p;
  p.code = code;
  p.state = state;
  p.versions = state == UnitState::kNotStarted ? 0 : 1;
  if (state != UnitState::kNotStarted) p.first_submit_time = kSomeTime;
  p.on_time = on_time;
  return p;
}

TEST(RoundStatusTest, CountsSubmittedOnTimeLateReturnedAndAccepted) {
  const auto status = ComputeRoundStatus(
      Units(11), {Progress("180", UnitState::kSubmittedOnTime, true),
                  Progress("181", UnitState::kSubmittedLate, false),
                  Progress("182", UnitState::kReturned, true),
                  Progress("183", UnitState::kAccepted, false),
                  Progress("184", UnitState::kResubmitted, true)});
  EXPECT_EQ(status.expected, 11);
  EXPECT_EQ(status.submitted, 4);  // the returned unit does not count
  EXPECT_EQ(status.on_time, 3);    // its first version still was on time
  EXPECT_EQ(status.late, 2);
  EXPECT_EQ(status.returned, 1);
  EXPECT_EQ(status.accepted, 1);
  EXPECT_DOUBLE_EQ(status.completeness_percent, 400.0 / 11);
  EXPECT_DOUBLE_EQ(status.timeliness_percent, 300.0 / 11);
  ASSERT_EQ(status.units.size(), 11u);
  EXPECT_EQ(status.units[3].progress.state, UnitState::kAccepted);
}

TEST(RoundStatusTest, MissingUnitsAreNamedByCodeAndName) {
  const auto status = ComputeRoundStatus(Units(3), {Progress("181", UnitState::kSubmittedOnTime, true),
                                                    Progress("182", UnitState::kReturned, true)});
  ASSERT_EQ(status.missing_units.size(), 2u);
  EXPECT_EQ(status.missing_units[0].code, "180");
  EXPECT_EQ(status.missing_units[0].display_name, "Đơn vị 0");
  EXPECT_EQ(status.missing_units[1].code, "182");
}

TEST(RoundStatusTest, AUnitOutsideTheRoundNeverCounts) {
  const auto status =
      ComputeRoundStatus(Units(2), {Progress("180", UnitState::kSubmittedOnTime, true),
                                    Progress("181", UnitState::kSubmittedOnTime, true),
                                    Progress("999", UnitState::kSubmittedOnTime, true)});
  EXPECT_EQ(status.submitted, 2);
  EXPECT_EQ(status.on_time, 2);
  EXPECT_DOUBLE_EQ(status.completeness_percent, 100.0);
  EXPECT_DOUBLE_EQ(status.timeliness_percent, 100.0);
  EXPECT_EQ(status.units.size(), 2u);
}

TEST(RoundStatusTest, ADraftMarksOnlyAUnitThatHasNotSubmittedAndIsStillMissing) {
  const auto status = ComputeRoundStatus(
      Units(3), {Progress("181", UnitState::kSubmittedOnTime, true)}, {"180", "181"});
  EXPECT_TRUE(status.units[0].drafting);
  EXPECT_FALSE(status.units[1].drafting);
  EXPECT_EQ(status.drafting, 1);
  EXPECT_EQ(status.submitted, 1);
  EXPECT_EQ(status.missing_units.size(), 2u);
}

TEST(RoundStatusTest, ARoundWithNoUnitsIsZeroNotNaN) {
  const auto status = ComputeRoundStatus({}, {});
  EXPECT_EQ(status.completeness_percent, 0);
  EXPECT_EQ(status.timeliness_percent, 0);
}

}  // namespace
}  // namespace hoptac::gateway
