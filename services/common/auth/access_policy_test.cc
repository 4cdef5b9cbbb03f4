#include "services/common/auth/access_policy.h"

#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

struct Row {
  Role role;
  Access access;
  Reach reach;
  bool permitted;
};

// The policy of issue 7, written out in full: a change to Permits must
// change this table too.
const std::vector<Row>& Table() {
  static const std::vector<Row> table = {
      {Role::kProvinceAdmin, Access::kRead, Reach::kInside, true},
      {Role::kProvinceAdmin, Access::kRead, Reach::kOutside, true},
      {Role::kProvinceAdmin, Access::kWrite, Reach::kInside, true},
      {Role::kProvinceAdmin, Access::kWrite, Reach::kOutside, false},
      {Role::kProvinceAdmin, Access::kAdminister, Reach::kInside, true},
      {Role::kProvinceAdmin, Access::kAdminister, Reach::kOutside, false},
      {Role::kUnitOfficer, Access::kRead, Reach::kInside, true},
      {Role::kUnitOfficer, Access::kRead, Reach::kOutside, false},
      {Role::kUnitOfficer, Access::kWrite, Reach::kInside, true},
      {Role::kUnitOfficer, Access::kWrite, Reach::kOutside, false},
      {Role::kUnitOfficer, Access::kAdminister, Reach::kInside, false},
      {Role::kUnitOfficer, Access::kAdminister, Reach::kOutside, false},
      {Role::kViewer, Access::kRead, Reach::kInside, true},
      {Role::kViewer, Access::kRead, Reach::kOutside, false},
      {Role::kViewer, Access::kWrite, Reach::kInside, false},
      {Role::kViewer, Access::kWrite, Reach::kOutside, false},
      {Role::kViewer, Access::kAdminister, Reach::kInside, false},
      {Role::kViewer, Access::kAdminister, Reach::kOutside, false},
      {Role::kIntegrationClient, Access::kRead, Reach::kInside, true},
      {Role::kIntegrationClient, Access::kRead, Reach::kOutside, false},
      {Role::kIntegrationClient, Access::kWrite, Reach::kInside, false},
      {Role::kIntegrationClient, Access::kWrite, Reach::kOutside, false},
      {Role::kIntegrationClient, Access::kAdminister, Reach::kInside, false},
      {Role::kIntegrationClient, Access::kAdminister, Reach::kOutside, false},
      {Role::kService, Access::kRead, Reach::kInside, true},
      {Role::kService, Access::kRead, Reach::kOutside, false},
      {Role::kService, Access::kWrite, Reach::kInside, true},
      {Role::kService, Access::kWrite, Reach::kOutside, false},
      {Role::kService, Access::kAdminister, Reach::kInside, false},
      {Role::kService, Access::kAdminister, Reach::kOutside, false},
  };
  return table;
}

Caller CallerWith(Role role) {
  Caller caller;
  caller.subject = "someone";
  caller.org_unit = "183";
  caller.role = role;
  return caller;
}

TEST(AccessPolicyTest, EveryRoleAccessAndReachAsTabled) {
  for (const Row& row : Table()) {
    SCOPED_TRACE(::testing::Message() << RoleName(row.role) << " access "
                                      << static_cast<int>(row.access) << " reach "
                                      << static_cast<int>(row.reach));
    EXPECT_EQ(Permits(row.role, row.access, row.reach), row.permitted);
    if (row.permitted) {
      EXPECT_THAT(Authorize(CallerWith(row.role), row.access, row.reach), IsOk());
    } else {
      EXPECT_THAT(Authorize(CallerWith(row.role), row.access, row.reach),
                  StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr(RoleName(row.role))));
    }
  }
  EXPECT_EQ(Table().size(), 5u * 3u * 2u);
}

TEST(AccessPolicyTest, ARoleThatNeverMaySaysSoWithoutNamingAUnit) {
  EXPECT_THAT(Authorize(CallerWith(Role::kViewer), Access::kWrite, Reach::kInside),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("role viewer may not change records"),
                             Not(HasSubstr("orgUnits")))));
}

TEST(AccessPolicyTest, OutsideTheUnitNamesTheCallersUnit) {
  EXPECT_THAT(Authorize(CallerWith(Role::kUnitOfficer), Access::kRead, Reach::kOutside),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("unit_officer of orgUnits/183 may not read records outside")));
}

TEST(AccessPolicyTest, RoleNamesRoundTrip) {
  for (Role role : {Role::kUnitOfficer, Role::kProvinceAdmin, Role::kViewer,
                    Role::kIntegrationClient, Role::kService}) {
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(ParseRole("Province_Admin"), std::nullopt);
  EXPECT_EQ(ParseRole(""), std::nullopt);
}

}  // namespace
}  // namespace hoptac
