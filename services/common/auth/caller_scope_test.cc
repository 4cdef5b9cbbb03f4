#include "services/common/auth/caller_scope.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Return;

class MockTree : public OrgUnitTree {
 public:
  MOCK_METHOD(absl::StatusOr<std::vector<std::string>>, SubtreeCodes,
              (const grpc::ServerContextBase*, absl::string_view, absl::CivilDay), (const, override));
};

Caller Officer(const std::string& unit, Role role = Role::kUnitOfficer) {
  Caller caller;
  caller.subject = "someone";
  caller.org_unit = unit;
  caller.role = role;
  return caller;
}

const absl::CivilDay kToday(2026, 11, 29);

TEST(CallerScopeTest, ChildInsideSiblingAndParentOutside) {
  MockTree tree;
  // Cao Lộc (183) and two of its communes.
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("183"), kToday))
      .WillOnce(Return(std::vector<std::string>{"183", "05977", "06004"}));
  CallerScope scope(tree, [] { return kToday; });
  const Caller officer = Officer("183");
  EXPECT_EQ(scope.ReachOf(nullptr, officer, "183").value(), Reach::kInside);
  EXPECT_EQ(scope.ReachOf(nullptr, officer, "05977").value(), Reach::kInside);
  EXPECT_EQ(scope.ReachOf(nullptr, officer, "184").value(), Reach::kOutside);  // sibling district
  EXPECT_EQ(scope.ReachOf(nullptr, officer, "20").value(), Reach::kOutside);   // its province
}

TEST(CallerScopeTest, TheSubtreeIsAskedOnceWhileCached) {
  MockTree tree;
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("183"), kToday))
      .Times(1)
      .WillOnce(Return(std::vector<std::string>{"183", "05977"}));
  CallerScope scope(tree, [] { return kToday; });
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(scope.ReachOf(nullptr, Officer("183"), "05977").value(), Reach::kInside);
  }
}

TEST(CallerScopeTest, AnUnreachableRegistryIsNotADenial) {
  MockTree tree;
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("183"), kToday))
      .WillOnce(Return(absl::UnavailableError("registry service unavailable")));
  CallerScope scope(tree, [] { return kToday; });
  EXPECT_THAT(scope.Check(nullptr, Officer("183"), Access::kRead, "05977"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
}

TEST(CallerScopeTest, ChecksApplyThePolicyToTheReach) {
  MockTree tree;
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("183"), kToday))
      .WillRepeatedly(Return(std::vector<std::string>{"183", "05977"}));
  CallerScope scope(tree, [] { return kToday; });
  EXPECT_THAT(scope.Check(nullptr, Officer("183"), Access::kWrite, "05977"), IsOk());
  EXPECT_THAT(scope.Check(nullptr, Officer("183"), Access::kWrite, "184"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("outside its unit")));
  EXPECT_THAT(scope.Check(nullptr, Officer("183", Role::kViewer), Access::kWrite, "05977"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("role viewer")));
}

TEST(CallerScopeTest, AProvinceAdminReadsAnywhereWithoutAskingTheTree) {
  MockTree tree;
  EXPECT_CALL(tree, SubtreeCodes).Times(0);
  CallerScope scope(tree, [] { return kToday; });
  EXPECT_THAT(scope.Check(nullptr, Officer("20", Role::kProvinceAdmin), Access::kRead, "184"),
              IsOk());
}

TEST(CallerScopeTest, AnUnknownCallerUnitHasNothingInside) {
  MockTree tree;
  // Unknown today and on the last day of the districts.
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("999"), _))
      .Times(2)
      .WillRepeatedly(Return(absl::NotFoundError("no unit 999")));
  CallerScope scope(tree, [] { return kToday; });
  EXPECT_EQ(scope.ReachOf(nullptr, Officer("999"), "183").value(), Reach::kOutside);
}

}  // namespace
}  // namespace hoptac

namespace hoptac {
namespace {

TEST(CallerScopeDistrictTest, ADistrictDissolvedIn2025KeepsItsLastSubtree) {
  ::testing::StrictMock<MockTree> tree;
  const absl::CivilDay last_day_of_districts(2025, 6, 30);
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("183"), kToday))
      .WillOnce(Return(absl::NotFoundError("no unit 183 on 2026-11-29")));
  EXPECT_CALL(tree, SubtreeCodes(_, absl::string_view("183"), last_day_of_districts))
      .WillOnce(Return(std::vector<std::string>{"183", "06247"}));
  CallerScope scope(tree, [] { return kToday; });
  EXPECT_EQ(scope.ReachOf(nullptr, Officer("183"), "06247").value(), Reach::kInside);
  EXPECT_EQ(scope.ReachOf(nullptr, Officer("183"), "178").value(), Reach::kOutside);
}

}  // namespace
}  // namespace hoptac
