#include "services/registry/cooperative_lifecycle.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

using A = LifecycleAction;
using S = CooperativeStatus;

constexpr S kAllStatuses[] = {S::kActive, S::kSuspended, S::kDissolving, S::kDissolved};
constexpr A kAllActions[] = {A::kSuspend, A::kResume, A::kStartDissolution,
                             A::kCompleteDissolution};

// The whole state machine: every (status, action) pair and where it leads;
// nullopt means the change is forbidden.
struct Case {
  S from;
  A action;
  std::optional<S> to;
};

const std::vector<Case>& AllCases() {
  static const auto* const kCases = new std::vector<Case>{
      {S::kActive, A::kSuspend, S::kSuspended},
      {S::kActive, A::kResume, std::nullopt},
      {S::kActive, A::kStartDissolution, S::kDissolving},
      {S::kActive, A::kCompleteDissolution, std::nullopt},
      {S::kSuspended, A::kSuspend, std::nullopt},
      {S::kSuspended, A::kResume, S::kActive},
      {S::kSuspended, A::kStartDissolution, S::kDissolving},
      {S::kSuspended, A::kCompleteDissolution, std::nullopt},
      {S::kDissolving, A::kSuspend, std::nullopt},
      {S::kDissolving, A::kResume, std::nullopt},
      {S::kDissolving, A::kStartDissolution, std::nullopt},
      {S::kDissolving, A::kCompleteDissolution, S::kDissolved},
      {S::kDissolved, A::kSuspend, std::nullopt},
      {S::kDissolved, A::kResume, std::nullopt},
      {S::kDissolved, A::kStartDissolution, std::nullopt},
      {S::kDissolved, A::kCompleteDissolution, std::nullopt},
  };
  return *kCases;
}

std::string Trace(const Case& c) {
  return std::string(ActionName(c.action)) + " from " + StatusName(c.from);
}

TEST(CooperativeLifecycle, TableCoversEveryStatusAndAction) {
  std::set<std::pair<S, A>> seen;
  for (const Case& c : AllCases()) seen.insert({c.from, c.action});
  EXPECT_EQ(seen.size(), std::size(kAllStatuses) * std::size(kAllActions));
}

TEST(CooperativeLifecycle, AllowedTransitionsLeadToTheirTarget) {
  for (const Case& c : AllCases()) {
    if (!c.to.has_value()) continue;
    SCOPED_TRACE(Trace(c));
    HOPTAC_ASSERT_OK_AND_ASSIGN(S next, NextStatus(c.from, c.action));
    EXPECT_EQ(next, *c.to);
  }
}

TEST(CooperativeLifecycle, EveryOtherTransitionIsFailedPreconditionNamingStateAndAction) {
  int forbidden = 0;
  for (const Case& c : AllCases()) {
    if (c.to.has_value()) continue;
    SCOPED_TRACE(Trace(c));
    ++forbidden;
    EXPECT_THAT(NextStatus(c.from, c.action),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr(std::string("cannot ") + ActionName(c.action)),
                               HasSubstr(StatusName(c.from)), HasSubstr(" requires "))));
  }
  EXPECT_EQ(forbidden, 11);
}

TEST(CooperativeLifecycle, ResumeRequiresSuspended) {
  EXPECT_THAT(NextStatus(S::kDissolving, A::kResume),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "cannot resume a cooperative that is DISSOLVING (đang giải thể): "
                       "resume requires SUSPENDED (tạm ngừng)"));
  EXPECT_THAT(NextStatus(S::kActive, A::kResume),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("that is ACTIVE"), HasSubstr("requires SUSPENDED"))));
}

TEST(CooperativeLifecycle, SuspendRequiresActive) {
  EXPECT_THAT(NextStatus(S::kSuspended, A::kSuspend),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("that is SUSPENDED"), HasSubstr("requires ACTIVE"))));
}

TEST(CooperativeLifecycle, StartDissolutionRequiresActiveOrSuspended) {
  EXPECT_THAT(NextStatus(S::kDissolving, A::kStartDissolution),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("start dissolution requires ACTIVE (đang hoạt động) or "
                                 "SUSPENDED (tạm ngừng)")));
}

TEST(CooperativeLifecycle, CompleteDissolutionRequiresDissolving) {
  EXPECT_THAT(NextStatus(S::kActive, A::kCompleteDissolution),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("that is ACTIVE"), HasSubstr("requires DISSOLVING"))));
}

TEST(CooperativeLifecycle, DissolvedIsFinal) {
  for (const A action : kAllActions) {
    SCOPED_TRACE(ActionName(action));
    EXPECT_THAT(NextStatus(S::kDissolved, action),
                StatusIs(absl::StatusCode::kFailedPrecondition,
                         AllOf(HasSubstr("DISSOLVED (đã giải thể)"), HasSubstr("final"))));
  }
  // Only DISSOLVED says "final": elsewhere another action may still help.
  EXPECT_THAT(NextStatus(S::kDissolving, A::kSuspend),
              StatusIs(absl::StatusCode::kFailedPrecondition, Not(HasSubstr("final"))));
}

TEST(CooperativeLifecycle, UnknownActionIsInvalidArgument) {
  EXPECT_THAT(NextStatus(S::kActive, static_cast<A>(0)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("action")));
  EXPECT_THAT(NextStatus(S::kActive, static_cast<A>(5)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("5")));
}

TEST(CooperativeLifecycle, UnknownCurrentStatusIsInternal) {
  EXPECT_THAT(NextStatus(static_cast<S>(9), A::kSuspend),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("9")));
}

TEST(CooperativeLifecycle, NamesAreDistinctAndUnknownValuesSaySo) {
  std::set<std::string> actions;
  for (const A a : kAllActions) actions.insert(ActionName(a));
  EXPECT_EQ(actions.size(), std::size(kAllActions));
  EXPECT_EQ(actions.count("unknown action"), 0u);
  EXPECT_STREQ(ActionName(static_cast<A>(0)), "unknown action");

  std::set<std::string> statuses;
  for (const S s : kAllStatuses) statuses.insert(StatusName(s));
  EXPECT_EQ(statuses.size(), std::size(kAllStatuses));
  EXPECT_STREQ(StatusName(S::kDissolving), "DISSOLVING (đang giải thể)");
  EXPECT_STREQ(StatusName(static_cast<S>(0)), "UNKNOWN");
}

TEST(CooperativeEnums, IsKnownRejectsZeroAndOutOfRangeValues) {
  for (const S s : kAllStatuses) EXPECT_TRUE(IsKnown(s));
  EXPECT_FALSE(IsKnown(static_cast<S>(0)));
  EXPECT_FALSE(IsKnown(static_cast<S>(5)));
  EXPECT_TRUE(IsKnown(DissolutionKind::kForced));
  EXPECT_FALSE(IsKnown(static_cast<DissolutionKind>(3)));
  EXPECT_TRUE(IsKnown(ClassificationGrade::kWeak));
  EXPECT_FALSE(IsKnown(static_cast<ClassificationGrade>(0)));
  EXPECT_FALSE(IsKnown(static_cast<ClassificationGrade>(5)));
}

}  // namespace
}  // namespace hoptac::registry
