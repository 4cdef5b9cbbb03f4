#include "services/registry/cooperative_update.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

CooperativeFields Sample() {
  CooperativeFields f;
  f.registration_number = "4900123456";
  f.display_name = "Hợp tác xã Nông nghiệp Công Sơn";
  f.kind = CooperativeKind::kCooperative;
  f.sector = Sector::kAgriculture;
  f.org_unit_code = "06247";
  f.address = "Thôn Nà Vường";
  f.establishment_date = absl::CivilDay(2020, 3, 15);
  f.member_count = 12;
  f.employee_count = 4;
  f.charter_capital_dong = 500'000'000;
  return f;
}

TEST(UpdateMask, RejectsEmptyUnknownImmutableAndRepeatedFields) {
  EXPECT_THAT(CheckUpdateMask({}), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("update_mask")));
  EXPECT_THAT(CheckUpdateMask({"colour"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'colour'")));
  EXPECT_THAT(CheckUpdateMask({"registration_number"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("registration_number")));
  EXPECT_THAT(CheckUpdateMask({"status"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'status'")));
  EXPECT_THAT(CheckUpdateMask({"address", "address"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("repeated")));
  EXPECT_THAT(CheckUpdateMask({"display_name", "charter_capital_dong"}), IsOk());
}

TEST(UpdateMask, CopiesOnlyMaskedFields) {
  CooperativeFields current = Sample();
  CooperativeFields requested = Sample();
  requested.member_count = 30;
  requested.address = "should not be copied";
  ApplyUpdateMask(requested, {"member_count"}, current);
  EXPECT_EQ(current.member_count, 30);
  EXPECT_EQ(current.address, "Thôn Nà Vường");
}

TEST(FieldChanges, ListOnlyWhatDiffersWithTextValues) {
  const CooperativeFields before = Sample();
  CooperativeFields after = before;
  after.charter_capital_dong = 750'000'000;
  after.establishment_date = absl::CivilDay(2020, 3, 16);
  EXPECT_THAT(DiffCooperativeFields(before, after),
              ElementsAre(AllOf(Field(&FieldChange::field, "establishment_date"),
                                Field(&FieldChange::old_value, "2020-03-15"),
                                Field(&FieldChange::new_value, "2020-03-16")),
                          AllOf(Field(&FieldChange::field, "charter_capital_dong"),
                                Field(&FieldChange::old_value, "500000000"),
                                Field(&FieldChange::new_value, "750000000"))));
  EXPECT_TRUE(DiffCooperativeFields(before, before).empty());
}

TEST(FieldChanges, CreationRecordsEveryField) {
  const auto changes = InitialCooperativeFields(Sample());
  ASSERT_EQ(changes.size(), 10u);
  EXPECT_EQ(changes[0].field, "registration_number");
  EXPECT_EQ(changes[0].new_value, "4900123456");
  EXPECT_EQ(changes[4].field, "org_unit");
  EXPECT_EQ(changes[4].new_value, "orgUnits/06247");
}

}  // namespace
}  // namespace hoptac::registry
