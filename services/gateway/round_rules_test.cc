// The per-unit state machine of a reporting round.
#include "services/gateway/round_rules.h"

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::gateway {
namespace {

using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

const absl::Time kDeadline = absl::FromUnixSeconds(1'702'900'000);

TEST(RoundRulesTest, FirstSubmissionBeforeOrAtTheDeadlineIsOnTime) {
  EXPECT_EQ(*StateAfterSubmit(UnitState::kNotStarted, kDeadline - absl::Hours(1), kDeadline),
            UnitState::kSubmittedOnTime);
  EXPECT_EQ(*StateAfterSubmit(UnitState::kNotStarted, kDeadline, kDeadline),
            UnitState::kSubmittedOnTime);
}

TEST(RoundRulesTest, FirstSubmissionAfterTheDeadlineIsLate) {
  EXPECT_EQ(*StateAfterSubmit(UnitState::kNotStarted, kDeadline + absl::Seconds(1), kDeadline),
            UnitState::kSubmittedLate);
}

TEST(RoundRulesTest, SubmittingAfterAReturnIsAResubmissionWhateverTheTime) {
  EXPECT_EQ(*StateAfterSubmit(UnitState::kReturned, kDeadline + absl::Hours(48), kDeadline),
            UnitState::kResubmitted);
}

TEST(RoundRulesTest, ASecondSubmissionBeforeAReturnIsRefusedNamingBothStates) {
  EXPECT_THAT(StateAfterSubmit(UnitState::kSubmittedOnTime, kDeadline, kDeadline),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("SUBMITTED_ON_TIME"), HasSubstr("SUBMITTED"))));
  EXPECT_THAT(StateAfterSubmit(UnitState::kResubmitted, kDeadline, kDeadline),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("RESUBMITTED")));
}

TEST(RoundRulesTest, AcceptedIsFinal) {
  EXPECT_THAT(StateAfterSubmit(UnitState::kAccepted, kDeadline, kDeadline),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ACCEPTED")));
  EXPECT_THAT(StateAfterReturn(UnitState::kAccepted),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("ACCEPTED"), HasSubstr("RETURNED"))));
  EXPECT_THAT(StateAfterAccept(UnitState::kAccepted),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ACCEPTED")));
}

TEST(RoundRulesTest, OnlyASubmittedVersionCanBeReturnedOrAccepted) {
  for (UnitState s : {UnitState::kSubmittedOnTime, UnitState::kSubmittedLate,
                      UnitState::kResubmitted}) {
    EXPECT_EQ(*StateAfterReturn(s), UnitState::kReturned);
    EXPECT_EQ(*StateAfterAccept(s), UnitState::kAccepted);
  }
  for (UnitState s : {UnitState::kNotStarted, UnitState::kReturned}) {
    EXPECT_THAT(StateAfterReturn(s),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr(StateName(s)), HasSubstr("RETURNED"))));
    EXPECT_THAT(StateAfterAccept(s),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr(StateName(s)), HasSubstr("ACCEPTED"))));
  }
}

TEST(RoundRulesTest, ReturnedAndNotStartedDoNotCountAsSubmitted) {
  EXPECT_FALSE(CountsAsSubmitted(UnitState::kNotStarted));
  EXPECT_FALSE(CountsAsSubmitted(UnitState::kReturned));
  EXPECT_TRUE(CountsAsSubmitted(UnitState::kSubmittedLate));
  EXPECT_TRUE(CountsAsSubmitted(UnitState::kResubmitted));
  EXPECT_TRUE(CountsAsSubmitted(UnitState::kAccepted));
}

TEST(RoundRulesTest, UnknownStoredStateIsAnError) {
  EXPECT_THAT(UnitStateFromNumber(0), StatusIs(absl::StatusCode::kInternal, HasSubstr("0")));
  EXPECT_THAT(UnitStateFromNumber(7), StatusIs(absl::StatusCode::kInternal, HasSubstr("7")));
  EXPECT_EQ(*UnitStateFromNumber(4), UnitState::kReturned);
}

}  // namespace
}  // namespace hoptac::gateway
