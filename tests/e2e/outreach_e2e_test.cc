// End-to-end tests of hoptac-outreach: the real binary and a real
// hoptac-registry (Lạng Sơn loaded), each on its own fresh MariaDB database,
// with mutual TLS and bearer tokens as deployed (issue 7). The suite shares
// both processes; the last test stops the registry.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/common/v1/audit.grpc.pb.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"
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
using ::hoptac::testing::TestSecurity;
using ::testing::HasSubstr;

constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr char kCongSonNumber[] = "4900100777";
constexpr char kYenTrach[] = "06247";  // a commune of Huyện Cao Lộc (183) until 2025
constexpr char kCaoLoc[] = "183";
constexpr char kThanhPhoLangSon[] = "178";  // another district
constexpr char kLangSon[] = "20";           // the province

std::string AdminToken() {
  return TestSecurity::Get().Token(Role::kProvinceAdmin, kLangSon, "admin.langson");
}

std::string CaoLocOfficerToken() {
  return TestSecurity::Get().Token(Role::kUnitOfficer, kCaoLoc, "officer.caoloc");
}

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
    auto registry_stub = rv1::RegistryService::NewStub(
        TestSecurity::Get().Channel(shared_->registry->LoopbackAddress(), AdminToken()));
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
    shared_->stub = StubAs(AdminToken());
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

  // The province administrator: every test that is not about authorization.
  static ov1::OutreachService::Stub& stub() { return *shared_->stub; }

  // A client calling with `token` (none when empty).
  static std::unique_ptr<ov1::OutreachService::Stub> StubAs(const std::string& token) {
    return ov1::OutreachService::NewStub(
        TestSecurity::Get().Channel(shared_->outreach->LoopbackAddress(), token));
  }

  // The outreach service's audit events of `resource`, read as `token`.
  static absl::StatusOr<::hoptac::common::v1::ListAuditEventsResponse> AuditEventsOf(
      const std::string& resource, const std::string& token) {
    auto audit = ::hoptac::common::v1::AuditService::NewStub(
        TestSecurity::Get().Channel(shared_->outreach->LoopbackAddress(), token));
    ::hoptac::common::v1::ListAuditEventsRequest request;
    request.set_resource(resource);
    request.set_page_size(100);
    return Call(*audit, &::hoptac::common::v1::AuditService::Stub::ListAuditEvents, request);
  }

  // name@etag of every live activity, as the province sees them.
  static absl::StatusOr<std::vector<std::string>> Snapshot() {
    ov1::ListActivitiesRequest request;
    request.set_page_size(500);
    auto page = Call(stub(), &ov1::OutreachService::Stub::ListActivities, request);
    if (!page.ok()) return page.status();
    std::vector<std::string> out;
    for (const ov1::Activity& a : page->activities()) {
      out.push_back(absl::StrCat(a.name(), "@", a.etag(), ":", a.title()));
    }
    return out;
  }

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

TEST_F(OutreachE2eTest, AUnitThatNoLongerExistsOnTheDateIsInvalidArgumentNamingTheField) {
  // Yên Trạch was merged into Phường Đông Kinh on 1 July 2025.
  ov1::CreateActivityRequest request = EventRequest(kYenTrach, "", "e2e-3");
  *request.mutable_activity()->mutable_start_date() = Day(2026, 1, 10);
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity, request);
  EXPECT_THAT(created.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("activity.org_unit_code")));
}

TEST_F(OutreachE2eTest, AnUnknownUnitIsOutsideEveryCallersUnitAndWritesNothing) {
  // Authorization comes before the registry is asked whether the unit exists.
  HOPTAC_ASSERT_OK_AND_ASSIGN(int before, CountActivities());
  auto created = Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                      EventRequest("99999", "", "e2e-3b"));
  EXPECT_THAT(created.status(), StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(int after, CountActivities());
  EXPECT_EQ(after, before);
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

// --- Security (issue 7) ---

TEST_F(OutreachE2eTest, AUnitOfficerWritesInItsDistrictAndItsCommunesOnly) {
  auto officer = StubAs(CaoLocOfficerToken());
  // Huyện Cao Lộc itself, and Xã Yên Trạch (06247), a commune of it.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto in_district,
                              Call(*officer, &ov1::OutreachService::Stub::CreateActivity,
                                   EventRequest(kCaoLoc, "", "e2e-authz-183")));
  EXPECT_EQ(in_district.activity().org_unit_code(), kCaoLoc);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto in_commune,
                              Call(*officer, &ov1::OutreachService::Stub::CreateActivity,
                                   EventRequest(kYenTrach, kCongSonNumber, "e2e-authz-06247")));

  // An activity of TP Lạng Sơn (178), recorded by the province.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto elsewhere,
                              Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                                   EventRequest(kThanhPhoLangSon, "", "e2e-authz-admin-178")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::vector<std::string> before, Snapshot());

  // Another district: refused, and nothing is written.
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::CreateActivity,
                   EventRequest(kThanhPhoLangSon, "", "e2e-authz-178")),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // Its activity can be neither read nor changed nor deleted...
  ov1::GetActivityRequest get;
  get.set_name(elsewhere.activity().name());
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::GetActivity, get),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  ov1::UpdateActivityRequest update;
  update.mutable_activity()->set_name(elsewhere.activity().name());
  update.mutable_activity()->set_title("Đổi tên");
  update.mutable_update_mask()->add_paths("title");
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::UpdateActivity, update),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  ov1::DeleteActivityRequest del;
  del.set_name(elsewhere.activity().name());
  del.set_reason("Nhập trùng");
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::DeleteActivity, del),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // ...nor can Cao Lộc's activity be moved there.
  ov1::UpdateActivityRequest move;
  move.mutable_activity()->set_name(in_commune.activity().name());
  move.mutable_activity()->set_org_unit_code(kThanhPhoLangSon);
  move.mutable_update_mask()->add_paths("org_unit_code");
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::UpdateActivity, move),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // An import with one row outside is refused whole, naming the row.
  ov1::ImportActivitiesRequest import;
  *import.add_activities() = EventRequest(kCaoLoc, "", "").activity();
  *import.add_activities() = EventRequest(kThanhPhoLangSon, "", "").activity();
  import.set_request_id("e2e-authz-import");
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::ImportActivities, import),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("activities[1]")));
  // Statistics of another district are refused too.
  ov1::GetOutreachStatisticsRequest stats;
  stats.set_org_unit_code(kThanhPhoLangSon);
  *stats.mutable_period()->mutable_start_date() = Day(2023, 1, 1);
  *stats.mutable_period()->mutable_end_date() = Day(2023, 12, 31);
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::GetOutreachStatistics, stats),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::vector<std::string> after, Snapshot());
  EXPECT_EQ(after, before);

  // Its own list, with no unit named, holds only its subtree.
  ov1::ListActivitiesRequest list;
  list.set_page_size(500);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto own,
                              Call(*officer, &ov1::OutreachService::Stub::ListActivities, list));
  std::vector<std::string> names;
  for (const ov1::Activity& a : own.activities()) {
    EXPECT_THAT(a.org_unit_code(), ::testing::AnyOf(kCaoLoc, kYenTrach)) << a.name();
    names.push_back(a.name());
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf(
                         {in_district.activity().name(), in_commune.activity().name()}));
  list.set_org_unit_code(kThanhPhoLangSon);
  EXPECT_THAT(Call(*officer, &ov1::OutreachService::Stub::ListActivities, list),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  // Its own activity it changes and deletes.
  ov1::UpdateActivityRequest own_update;
  own_update.mutable_activity()->set_name(in_district.activity().name());
  own_update.mutable_activity()->set_title("Gặp mặt doanh nhân huyện Cao Lộc");
  own_update.mutable_update_mask()->add_paths("title");
  EXPECT_TRUE(Call(*officer, &ov1::OutreachService::Stub::UpdateActivity, own_update).ok());
  ov1::DeleteActivityRequest own_delete;
  own_delete.set_name(in_district.activity().name());
  own_delete.set_reason("Nhập trùng");
  EXPECT_TRUE(Call(*officer, &ov1::OutreachService::Stub::DeleteActivity, own_delete).ok());
}

TEST_F(OutreachE2eTest, AMissingExpiredOrForgedTokenIsUnauthenticatedAndWritesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::vector<std::string> before, Snapshot());
  const TestSecurity& security = TestSecurity::Get();
  const std::vector<std::string> bad_tokens = {
      "",
      security.Token(Role::kProvinceAdmin, kLangSon, "admin.langson", absl::Minutes(-10)),
      security.ForgedToken(Role::kProvinceAdmin, kLangSon),
      "not-a-token",
  };
  for (size_t i = 0; i < bad_tokens.size(); ++i) {
    auto client = StubAs(bad_tokens[i]);
    EXPECT_THAT(Call(*client, &ov1::OutreachService::Stub::CreateActivity,
                     EventRequest(kCaoLoc, "", absl::StrCat("e2e-unauth-", i))),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_))
        << "token " << i;
    ov1::ListActivitiesRequest list;
    EXPECT_THAT(Call(*client, &ov1::OutreachService::Stub::ListActivities, list),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_))
        << "token " << i;
    EXPECT_THAT(AuditEventsOf("", bad_tokens[i]),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_))
        << "token " << i;
  }
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::vector<std::string> after, Snapshot());
  EXPECT_EQ(after, before);
}

TEST_F(OutreachE2eTest, ASuccessfulMutationIsInTheAuditTrailForTheProvinceOnly) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created,
                              Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                                   EventRequest(kYenTrach, "", "e2e-audit-1")));
  // A retry returns the first result and appends nothing.
  ASSERT_TRUE(Call(stub(), &ov1::OutreachService::Stub::CreateActivity,
                   EventRequest(kYenTrach, "", "e2e-audit-1"))
                  .ok());
  const std::string name = created.activity().name();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto events, AuditEventsOf(name, AdminToken()));
  ASSERT_EQ(events.events_size(), 1);
  const auto& event = events.events(0);
  EXPECT_EQ(event.subject(), "admin.langson");
  EXPECT_EQ(event.role(), "province_admin");
  EXPECT_EQ(event.org_unit(), kLangSon);
  EXPECT_EQ(event.method(), "hoptac.outreach.v1.OutreachService/CreateActivity");
  EXPECT_EQ(event.resource(), name);
  EXPECT_EQ(event.request_id(), "e2e-audit-1");
  EXPECT_EQ(event.outcome(), "OK");

  // The change and the deletion too, each once.
  ov1::UpdateActivityRequest update;
  update.mutable_activity()->set_name(name);
  update.mutable_activity()->set_location("Xã Yên Trạch");
  update.mutable_update_mask()->add_paths("location");
  ASSERT_TRUE(Call(stub(), &ov1::OutreachService::Stub::UpdateActivity, update).ok());
  ov1::DeleteActivityRequest del;
  del.set_name(name);
  del.set_reason("Kiểm thử");
  ASSERT_TRUE(Call(stub(), &ov1::OutreachService::Stub::DeleteActivity, del).ok());
  HOPTAC_ASSERT_OK_AND_ASSIGN(events, AuditEventsOf(name, AdminToken()));
  ASSERT_EQ(events.events_size(), 3);
  EXPECT_EQ(events.events(1).method(), "hoptac.outreach.v1.OutreachService/UpdateActivity");
  EXPECT_EQ(events.events(2).method(), "hoptac.outreach.v1.OutreachService/DeleteActivity");

  // A refused attempt is recorded with its outcome.
  auto officer = StubAs(CaoLocOfficerToken());
  ASSERT_THAT(Call(*officer, &ov1::OutreachService::Stub::CreateActivity,
                   EventRequest(kThanhPhoLangSon, "", "e2e-audit-refused")),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  ::hoptac::common::v1::ListAuditEventsRequest by_officer;
  by_officer.set_subject("officer.caoloc");
  by_officer.set_page_size(1000);
  auto audit = ::hoptac::common::v1::AuditService::NewStub(
      TestSecurity::Get().Channel(shared_->outreach->LoopbackAddress(), AdminToken()));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto officer_events,
      Call(*audit, &::hoptac::common::v1::AuditService::Stub::ListAuditEvents, by_officer));
  bool refused_recorded = false;
  for (const auto& e : officer_events.events()) {
    if (e.request_id() == "e2e-audit-refused") {
      refused_recorded = true;
      EXPECT_EQ(e.outcome(), "PERMISSION_DENIED");
      EXPECT_EQ(e.role(), "unit_officer");
      EXPECT_EQ(e.org_unit(), kCaoLoc);
    }
  }
  EXPECT_TRUE(refused_recorded);

  // The trail is the province administrators' alone.
  EXPECT_THAT(AuditEventsOf(name, CaoLocOfficerToken()),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(OutreachE2eTest, HostileInputIsStoredVerbatimOrRefusedNamingTheField) {
  // SQL metacharacters are data.
  const std::string injection = "'; DROP TABLE activities; --";
  ov1::CreateActivityRequest sql = EventRequest(kYenTrach, "", "e2e-hostile-sql");
  sql.mutable_activity()->set_title(injection);
  sql.mutable_activity()->set_location("\" OR 1=1 --");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto stored,
                              Call(stub(), &ov1::OutreachService::Stub::CreateActivity, sql));
  ov1::GetActivityRequest get;
  get.set_name(stored.activity().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto got,
                              Call(stub(), &ov1::OutreachService::Stub::GetActivity, get));
  EXPECT_EQ(got.activity().title(), injection);
  EXPECT_EQ(got.activity().location(), "\" OR 1=1 --");

  HOPTAC_ASSERT_OK_AND_ASSIGN(std::vector<std::string> before, Snapshot());
  const std::string megabyte(1 << 20, 'a');
  struct Case {
    const char* what;
    std::function<void(ov1::Activity&)> spoil;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"1 MB title", [&](ov1::Activity& a) { a.set_title(megabyte); }, "activity.title"},
      {"1 MB location", [&](ov1::Activity& a) { a.set_location(megabyte); },
       "activity.location"},
      {"1 MB co-organizer", [&](ov1::Activity& a) { a.add_co_organizers(megabyte); },
       "activity.co_organizers[0]"},
      {"control character", [](ov1::Activity& a) { a.set_title("Tin\x01 phát thanh"); },
       "activity.title"},
      {"NUL", [](ov1::Activity& a) { a.set_location(std::string("Cao\0Lộc", 9)); },
       "activity.location"},
      // Refused before any handler runs (the kernel's malformed-request check).
      {"invalid UTF-8", [](ov1::Activity& a) { a.set_title("Tin \xff\xfe"); }, ""},
      {"negative quantity", [](ov1::Activity& a) { a.set_quantity(-5); }, "activity.quantity"},
      {"INT64_MAX quantity",
       [](ov1::Activity& a) { a.set_quantity(std::numeric_limits<int64_t>::max()); },
       "activity.quantity"},
      {"INT64_MAX participants",
       [](ov1::Activity& a) {
         a.mutable_participants(0)->mutable_count()->set_value(
             std::numeric_limits<int64_t>::max());
       },
       "activity.participants[0].count.value"},
      {"negative participants",
       [](ov1::Activity& a) { a.mutable_participants(0)->mutable_count()->set_value(-1); },
       "activity.participants[0].count.value"},
      {"long unit code", [&](ov1::Activity& a) { a.set_org_unit_code(megabyte); },
       "activity.org_unit_code"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    ov1::CreateActivityRequest request =
        EventRequest(kYenTrach, "", absl::StrCat("e2e-hostile-", i));
    c.spoil(*request.mutable_activity());
    EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::CreateActivity, request),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.what;
    // The same through an update of the stored activity.
    ov1::UpdateActivityRequest update;
    *update.mutable_activity() = request.activity();
    update.mutable_activity()->set_name(stored.activity().name());
    update.mutable_update_mask()->add_paths("title");
    update.mutable_update_mask()->add_paths("location");
    update.mutable_update_mask()->add_paths("quantity");
    update.mutable_update_mask()->add_paths("participants");
    update.mutable_update_mask()->add_paths("co_organizers");
    update.mutable_update_mask()->add_paths("org_unit_code");
    EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::UpdateActivity, update),
                StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_))
        << c.what;
  }
  ov1::DeleteActivityRequest del;
  del.set_name(stored.activity().name());
  del.set_reason(megabyte);
  EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::DeleteActivity, del),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  del.set_reason("Nhập\x07 trùng");
  EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::DeleteActivity, del),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  ov1::ListActivitiesRequest list;
  list.set_org_unit_code(megabyte);
  EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::ListActivities, list),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("org_unit_code")));
  list.set_org_unit_code("20' OR '1'='1");
  EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::ListActivities, list),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("org_unit_code")));
  ov1::CreateActivityRequest long_id = EventRequest(kYenTrach, "", megabyte);
  EXPECT_THAT(Call(stub(), &ov1::OutreachService::Stub::CreateActivity, long_id),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(std::vector<std::string> after, Snapshot());
  EXPECT_EQ(after, before);
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
