// End-to-end tests of hoptac-outreach: the real binary and a real
// hoptac-registry (Lạng Sơn loaded), each on its own fresh MariaDB database.
// The suite shares both processes; the last test stops the registry.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/unary_call.h"

namespace hoptac::e2e {
namespace {

namespace ov1 = ::hoptac::outreach::v1;
namespace rv1 = ::hoptac::registry::v1;
using ::hoptac::common::v1::Date;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::Call;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::testing::HasSubstr;

constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr char kCongSonNumber[] = "4900100777";
constexpr char kYenTrach[] = "06247";  // a commune of Huyện Cao Lộc (183) until 2025
constexpr char kCaoLoc[] = "183";

Date Day(int year, int month, int day) {
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// The Entrepreneurs' Day event (13/10/2023) with one participating cooperative.
ov1::CreateActivityRequest EventRequest(const std::string& unit, const std::string& cooperative,
                                        const std::string& request_id) {
  ov1::CreateActivityRequest request;
  ov1::Activity& a = *request.mutable_activity();
  a.set_kind(ov1::ACTIVITY_KIND_AWARD_CEREMONY);
  a.set_channel(ov1::CHANNEL_IN_PERSON);
  a.add_topics(ov1::TOPIC_COLLECTIVE_ECONOMY);
  a.set_title("Gặp mặt doanh nhân nhân Ngày Doanh nhân Việt Nam 13/10");
  a.set_org_unit_code(unit);
  *a.mutable_start_date() = Day(2023, 10, 13);
  a.set_location("Cao Lộc");
  ov1::ParticipantCount* p = a.add_participants();
  p->set_kind(ov1::PARTICIPANT_KIND_COOPERATIVE);
  p->mutable_count()->set_value(10);
  p->mutable_count()->set_qualifier(ov1::COUNT_QUALIFIER_EXACT);
  if (!cooperative.empty()) a.add_cooperative_registration_numbers(cooperative);
  request.set_request_id(request_id);
  return request;
}

class OutreachE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::unique_ptr<TestDatabase> registry_db, outreach_db;
    std::unique_ptr<ServerProcess> registry, outreach;
    std::unique_ptr<ov1::OutreachService::Stub> stub;
  };

  static void SetUpTestSuite() {
    shared_ = new Shared;
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->registry_db, TestDatabase::Create());
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->outreach_db, TestDatabase::Create());
    ProcessOptions registry = ServiceProcessOptions("registry", *shared_->registry_db);
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->registry, StartService(std::move(registry)));

    // A cooperative in Yên Trạch, established in 2020.
    auto registry_stub = rv1::RegistryService::NewStub(grpc::CreateChannel(
        shared_->registry->LoopbackAddress(), grpc::InsecureChannelCredentials()));
    rv1::CreateCooperativeRequest create;
    rv1::Cooperative& c = *create.mutable_cooperative();
    c.set_registration_number(kCongSonNumber);
    c.set_display_name("Hợp tác xã Nông nghiệp Công Sơn");
    c.set_kind(rv1::COOPERATIVE_KIND_COOPERATIVE);
    c.set_sector(rv1::SECTOR_AGRICULTURE);
    c.set_org_unit(absl::StrCat("orgUnits/", kYenTrach));
    *c.mutable_establishment_date() = Day(2020, 3, 1);
    c.set_member_count(12);
    c.set_charter_capital_dong(500000000);
    create.set_request_id("e2e-coop");
    auto created =
        Call(*registry_stub, &rv1::RegistryService::Stub::CreateCooperative, create);
    ASSERT_TRUE(created.ok()) << created.status();

    ProcessOptions outreach = ServiceProcessOptions("outreach", *shared_->outreach_db);
    outreach.env.push_back({"HOPTAC_REGISTRY_ADDRESS", shared_->registry->LoopbackAddress()});
    HOPTAC_ASSERT_OK_AND_ASSIGN(shared_->outreach, StartService(std::move(outreach)));
    shared_->stub = ov1::OutreachService::NewStub(grpc::CreateChannel(
        shared_->outreach->LoopbackAddress(), grpc::InsecureChannelCredentials()));
  }

  static void TearDownTestSuite() {
    if (shared_->outreach) {
      auto exit = shared_->outreach->Terminate(kStopTimeout);
      EXPECT_TRUE(exit.ok() && exit->Success()) << shared_->outreach->StderrTail();
    }
    if (shared_->registry && shared_->registry->Running()) {
      (void)shared_->registry->Terminate(kStopTimeout);
    }
    delete shared_;
    shared_ = nullptr;
  }

  static ov1::OutreachService::Stub& stub() { return *shared_->stub; }

  static absl::StatusOr<int> CountActivities() {
    ov1::ListActivitiesRequest request;
    request.set_page_size(500);
    auto page = Call(stub(), &ov1::OutreachService::Stub::ListActivities, request);
    if (!page.ok()) return page.status();
    return page->activities_size();
  }

  static Shared* shared_;
};

OutreachE2eTest::Shared* OutreachE2eTest::shared_ = nullptr;

TEST_F(OutreachE2eTest, AnActivityWithAnExistingCooperativeIsRecorded) {
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                      EventRequest(kYenTrach, kCongSonNumber, "e2e-1"));
  ASSERT_TRUE(created.ok()) << created.status();
  ov1::GetActivityRequest get;
  get.set_name(created->activity().name());
  auto got = Call(stub(), &ov1::OutreachService::Stub::GetActivity, get);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->activity().cooperative_registration_numbers_size(), 1);
  EXPECT_EQ(got->activity().cooperative_registration_numbers(0), kCongSonNumber);
  EXPECT_EQ(got->activity().etag(), "1");

  // The district's statistics include its commune's event.
  ov1::GetOutreachStatisticsRequest stats;
  stats.set_org_unit_code(kCaoLoc);
  *stats.mutable_period()->mutable_start_date() = Day(2023, 1, 1);
  *stats.mutable_period()->mutable_end_date() = Day(2023, 12, 31);
  auto response = Call(stub(), &ov1::OutreachService::Stub::GetOutreachStatistics, stats);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->events_size(), 1);
  EXPECT_EQ(response->events(0).activity(), created->activity().name());
  ASSERT_EQ(response->participants_size(), 1);
  EXPECT_EQ(response->participants(0).count().value(), 10);
}

TEST_F(OutreachE2eTest, AnUnknownCooperativeIsInvalidArgumentNamingTheField) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(int before, CountActivities());
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                      EventRequest(kYenTrach, "4900999999", "e2e-2"));
  EXPECT_THAT(created.status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("activity.cooperative_registration_numbers[0]")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(int after, CountActivities());
  EXPECT_EQ(after, before);
}

TEST_F(OutreachE2eTest, AnUnknownUnitIsInvalidArgumentNamingTheField) {
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                      EventRequest("99999", "", "e2e-3"));
  EXPECT_THAT(created.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("activity.org_unit_code")));
}

TEST_F(OutreachE2eTest, EndBeforeStartIsInvalidArgumentNamingTheField) {
  ov1::CreateActivityRequest request = EventRequest(kYenTrach, "", "e2e-4");
  *request.mutable_activity()->mutable_end_date() = Day(2023, 10, 1);
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity, request);
  EXPECT_THAT(created.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("activity.end_date")));
}

TEST_F(OutreachE2eTest, UpdateChangesOnlyMaskedFieldsAndAStaleEtagIsAborted) {
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                      EventRequest(kYenTrach, kCongSonNumber, "e2e-upd"));
  ASSERT_TRUE(created.ok()) << created.status();
  ov1::UpdateActivityRequest update;
  update.mutable_activity()->set_name(created->activity().name());
  update.mutable_activity()->set_title("Hội nghị gặp mặt doanh nhân");
  update.mutable_activity()->set_location("ignored: not in the mask");
  update.mutable_update_mask()->add_paths("title");
  update.set_etag(created->activity().etag());
  auto updated = Call(stub(), &ov1::OutreachService::Stub::UpdateActivity, update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->activity().title(), "Hội nghị gặp mặt doanh nhân");
  EXPECT_EQ(updated->activity().location(), "Cao Lộc");
  EXPECT_EQ(updated->activity().cooperative_registration_numbers_size(), 1);
  EXPECT_NE(updated->activity().etag(), created->activity().etag());
  auto stale = Call(stub(), &ov1::OutreachService::Stub::UpdateActivity, update);
  EXPECT_THAT(stale.status(), StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  update.mutable_update_mask()->set_paths(0, "etag");
  update.set_etag(updated->activity().etag());
  auto bad_mask = Call(stub(), &ov1::OutreachService::Stub::UpdateActivity, update);
  EXPECT_THAT(bad_mask.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));

  ov1::DeleteActivityRequest del;
  del.set_name(created->activity().name());
  del.set_etag(updated->activity().etag());
  del.set_reason("Nhập trùng");
  auto deleted = Call(stub(), &ov1::OutreachService::Stub::DeleteActivity, del);
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_TRUE(deleted->activity().deleted());
  ov1::GetActivityRequest get;
  get.set_name(created->activity().name());
  EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::GetActivity, get).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("deleted")));
}

TEST_F(OutreachE2eTest, AnImportWithABadRowRecordsNothingAndReportsTheRow) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(int before, CountActivities());
  ov1::ImportActivitiesRequest import;
  *import.add_activities() = EventRequest(kYenTrach, kCongSonNumber, "").activity();
  *import.add_activities() = EventRequest(kYenTrach, "4900999999", "").activity();
  *import.add_activities() = EventRequest(kYenTrach, "", "").activity();
  import.mutable_activities(2)->set_quantity(-3);
  import.set_request_id("e2e-import");
  auto response = Call(stub(), &ov1::OutreachService::Stub::ImportActivities, import);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->activities_size(), 0);
  ASSERT_EQ(response->errors_size(), 2);
  EXPECT_EQ(response->errors(0).row(), 1);
  EXPECT_EQ(response->errors(0).field(), "activities[1].cooperative_registration_numbers[0]");
  EXPECT_EQ(response->errors(1).field(), "activities[2].quantity");
  HOPTAC_ASSERT_OK_AND_ASSIGN(int after, CountActivities());
  EXPECT_EQ(after, before);

  import.mutable_activities()->DeleteSubrange(1, 2);
  import.set_request_id("e2e-import-2");
  auto good = Call(stub(), &ov1::OutreachService::Stub::ImportActivities, import);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->activities_size(), 1);
  EXPECT_EQ(good->errors_size(), 0);
  HOPTAC_ASSERT_OK_AND_ASSIGN(int imported, CountActivities());
  EXPECT_EQ(imported, before + 1);
}

// Last: stops the registry.
TEST_F(OutreachE2eTest, WithTheRegistryStoppedCreateIsUnavailableAndWritesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(int before, CountActivities());
  auto exit = shared_->registry->Terminate(kStopTimeout);
  ASSERT_TRUE(exit.ok()) << exit.status();
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                      EventRequest(kYenTrach, kCongSonNumber, "e2e-5"));
  EXPECT_THAT(created.status(),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(int after, CountActivities());
  EXPECT_EQ(after, before);
}

}  // namespace
}  // namespace hoptac::e2e
