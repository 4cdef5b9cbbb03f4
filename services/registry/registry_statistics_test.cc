// GetStatistics against the real MariaDB: figures from effective dates, for a
// district before the reform and for a commune after it.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/registry_store_fixture.h"

namespace hoptac::registry {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const Period k2023{absl::CivilDay(2023, 1, 1), absl::CivilDay(2023, 12, 31)};

class RegistryStatisticsTest : public RegistryStoreTest {
 protected:
  // Cao Lộc district (183) and Lạng Sơn city (178), as recorded in 2023:
  //   A  06247 Yên Trạch (Cao Lộc)  est. 2019, active all year
  //   B  06226 Hợp Thành (Cao Lộc)  est. 2023-03-01, industry
  //   C  05971 Hoàng Văn Thụ (city)  est. 2023-06-01
  //   D  06235 Gia Cát (Cao Lộc)    est. 2020, dissolution 2023-04-01 (voluntary), dissolved 2023-09-30
  //   E  06244 Tân Liên (Cao Lộc)   est. 2018, suspended 2023-02-01
  void SetUp() override {
    RegistryStoreTest::SetUp();
    if (HasFatalFailure()) return;
    Create(Fields("4900000001", "HTX A", "06247", absl::CivilDay(2019, 5, 1)));
    Create(Fields("4900000002", "HTX B", "06226", absl::CivilDay(2023, 3, 1),
                  Sector::kIndustryHandicraft));
    Create(Fields("4900000003", "HTX C", "05971", absl::CivilDay(2023, 6, 1)));
    Create(Fields("4900000004", "HTX D", "06235", absl::CivilDay(2020, 1, 1)));
    Create(Fields("4900000005", "Tổ hợp tác E", "06244", absl::CivilDay(2018, 1, 1),
                  Sector::kTradeServices, CooperativeKind::kCooperativeGroup));
    ASSERT_THAT(Change("4900000004", LifecycleAction::kStartDissolution, absl::CivilDay(2023, 4, 1)),
                IsOk());
    ASSERT_THAT(
        Change("4900000004", LifecycleAction::kCompleteDissolution, absl::CivilDay(2023, 9, 30)),
        IsOk());
    ASSERT_THAT(Change("4900000005", LifecycleAction::kSuspend, absl::CivilDay(2023, 2, 1)), IsOk());
    Award award{0, absl::CivilDay(2023, 10, 13), "Giấy khen", "Ngày Doanh nhân Việt Nam",
                "UBND huyện Cao Lộc", "Quyết định số 1/QĐ-UBND"};
    ASSERT_THAT(store_->RecordAward("4900000001", award, Mutation(), Deadline()), IsOk());
    ASSERT_THAT(store_->RecordAward("4900000002", award, Mutation(), Deadline()), IsOk());
    award.award_date = absl::CivilDay(2023, 12, 1);
    ASSERT_THAT(store_->RecordAward("4900000001", award, Mutation(), Deadline()), IsOk());
    ASSERT_THAT(store_->RecordInspection(
                    "4900000002",
                    {0, absl::CivilDay(2023, 9, 12), "Phòng Tài chính - Kế hoạch", "Đạt", ""},
                    Mutation(), Deadline()),
                IsOk());
    ASSERT_THAT(store_->RecordClassification(
                    "4900000001",
                    {0, 2023, ClassificationGrade::kGood, absl::CivilDay(2024, 1, 20), ""},
                    Mutation(), Deadline()),
                IsOk());
    ASSERT_THAT(store_->RecordClassification(
                    "4900000002",
                    {0, 2023, ClassificationGrade::kFair, absl::CivilDay(2024, 1, 20), ""},
                    Mutation(), Deadline()),
                IsOk());
    ASSERT_THAT(store_->RecordAnnualReport(
                    "4900000001",
                    {0, 2022, absl::CivilDay(2023, 1, 20), absl::CivilDay(2023, 1, 31)},
                    Mutation(), Deadline()),
                IsOk());
    ASSERT_THAT(store_->RecordAnnualReport(
                    "4900000005",
                    {0, 2022, absl::CivilDay(2023, 3, 2), absl::CivilDay(2023, 1, 31)},
                    Mutation(), Deadline()),
                IsOk());
  }

  RegistryStatistics Stats(const std::string& unit, const Period& period) {
    auto stats = store_->GetStatistics(unit, period, Deadline());
    EXPECT_THAT(stats, IsOk());
    return stats.ok() ? *stats : RegistryStatistics{};
  }
};

TEST_F(RegistryStatisticsTest, CountsADistrictYearFromEffectiveDates) {
  const RegistryStatistics s = Stats("183", k2023);
  EXPECT_EQ(s.active_at_start.total, 3);  // A, D, E
  EXPECT_EQ(s.active_at_end.total, 2);    // A, B
  EXPECT_EQ(s.suspended_at_end.total, 1);  // E
  EXPECT_EQ(s.established.total, 1);       // B (C is in the city)
  EXPECT_THAT(s.established.cells,
              ElementsAre(AllOf(Field(&KindSectorCount::kind, CooperativeKind::kCooperative),
                                Field(&KindSectorCount::sector, Sector::kIndustryHandicraft),
                                Field(&KindSectorCount::count, 1))));
  EXPECT_EQ(s.dissolution_started_voluntary.total, 1);
  EXPECT_EQ(s.dissolution_started_forced.total, 0);
  EXPECT_EQ(s.dissolved.total, 1);
  EXPECT_EQ(s.awards, 3);
  EXPECT_EQ(s.awarded_cooperatives, 2);
  EXPECT_EQ(s.inspections, 1);
  EXPECT_EQ(s.inspected_cooperatives, 1);
  EXPECT_THAT(s.classifications, UnorderedElementsAre(Pair(ClassificationGrade::kGood, 1),
                                                      Pair(ClassificationGrade::kFair, 1)));
  EXPECT_EQ(s.annual_reports_on_time, 1);
  EXPECT_EQ(s.annual_reports_late, 1);
}

TEST_F(RegistryStatisticsTest, TheProvinceAddsUpItsDistricts) {
  const RegistryStatistics s = Stats("20", k2023);
  EXPECT_EQ(s.established.total, 2);  // B and C
  EXPECT_EQ(s.active_at_end.total, 3);  // A, B, C
  const RegistryStatistics city = Stats("178", k2023);
  EXPECT_EQ(city.established.total, 1);
  EXPECT_EQ(city.dissolved.total, 0);
}

TEST_F(RegistryStatisticsTest, LaterEventsDoNotChangeAClosedYear) {
  const RegistryStatistics before = Stats("183", k2023);
  ASSERT_THAT(Change("4900000001", LifecycleAction::kStartDissolution, absl::CivilDay(2024, 2, 1),
                     DissolutionKind::kForced),
              IsOk());
  ASSERT_THAT(Change("4900000005", LifecycleAction::kResume, absl::CivilDay(2024, 3, 1)), IsOk());
  Create(Fields("4900000006", "HTX F", "06247", absl::CivilDay(2024, 5, 5)));
  ASSERT_THAT(store_->RecordAward("4900000002",
                                  {0, absl::CivilDay(2024, 10, 13), "Bằng khen", "", "UBND tỉnh", ""},
                                  Mutation(), Deadline()),
              IsOk());
  const RegistryStatistics after = Stats("183", k2023);
  EXPECT_EQ(after.active_at_start.total, before.active_at_start.total);
  EXPECT_EQ(after.active_at_end.total, before.active_at_end.total);
  EXPECT_EQ(after.suspended_at_end.total, before.suspended_at_end.total);
  EXPECT_EQ(after.established.total, before.established.total);
  EXPECT_EQ(after.dissolution_started_forced.total, 0);
  EXPECT_EQ(after.awards, before.awards);

  const RegistryStatistics y2024 =
      Stats("183", {absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 12, 31)});
  EXPECT_EQ(y2024.dissolution_started_forced.total, 1);
  EXPECT_EQ(y2024.established.total, 1);
  EXPECT_EQ(y2024.active_at_end.total, 3);  // B, E (resumed), F
}

TEST_F(RegistryStatisticsTest, ANewCommuneCountsWhatItsPredecessorsRecorded) {
  // From 1 July 2025 Hợp Thành (06226, Cao Lộc) and Hoàng Văn Thụ (05971, the
  // city) are part of Phường Kỳ Lừa (06187), and Yên Trạch (06247) part of
  // Phường Đông Kinh (05977).
  const Period h1_2026{absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 6, 30)};
  const RegistryStatistics ky_lua = Stats("06187", h1_2026);
  EXPECT_EQ(ky_lua.active_at_end.total, 2);     // B and C, from two old districts
  EXPECT_EQ(ky_lua.suspended_at_end.total, 1);  // E, in old Tân Liên (06244)
  const RegistryStatistics dong_kinh = Stats("05977", h1_2026);
  EXPECT_EQ(dong_kinh.active_at_end.total, 1);  // A, in old Yên Trạch
  EXPECT_EQ(Stats("20", h1_2026).active_at_end.total, 3);  // A, B, C: none counted twice
}

TEST_F(RegistryStatisticsTest, AnUnknownUnitIsNotFound) {
  EXPECT_THAT(store_->GetStatistics("183", {absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 3, 31)},
                                    Deadline()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("orgUnits/183")));
}

}  // namespace
}  // namespace hoptac::registry
