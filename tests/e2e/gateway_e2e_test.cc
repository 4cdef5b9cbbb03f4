// End-to-end test of hoptac-gateway: a 2023 reporting round for Lạng Sơn
// (province 20, 11 district-level units) over the real registry, subsidy,
// outreach, report and gateway processes. Two units' reports are assembled and
// submitted through the report service and enter the round (one on time, one
// late, returned with a reason and resubmitted), a third is submitted and not
// accepted; the consolidated totals are checked against sums computed here
// from the snapshots, and HTTP/JSON against gRPC. Security (issue 7): every
// process serves mutual TLS and verifies bearer tokens; HTTP/JSON is HTTPS; a
// unit officer writes in its subtree only; calls without a valid token are
// refused; mutations are audited; hostile input changes nothing; a second
// gateway with a low rate limit refuses a caller's fourth quick call.
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/common/v1/audit.grpc.pb.h"
#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"
#include "tests/support/service_processes.h"
#include "tests/support/test_security.h"
#include "tests/support/unary_call.h"

namespace hoptac::e2e {
namespace {

namespace gv1 = ::hoptac::gateway::v1;
namespace ov1 = ::hoptac::outreach::v1;
namespace rpv1 = ::hoptac::report::v1;
namespace cv1 = ::hoptac::common::v1;
using ::hoptac::common::v1::Date;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::Call;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kBinaryDir[] = HOPTAC_BINARY_DIR "/services/";
constexpr char kTemplatesDir[] = HOPTAC_SOURCE_DIR "/data/report-templates";
constexpr char kTemplate[] = "templates/bao-cao-ke-hoach-115/versions/1";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);
constexpr absl::Duration kRoundWindow = absl::Seconds(3);
constexpr char kCaoLoc[] = "183";    // on time, accepted
constexpr char kLocBinh[] = "188";   // late, returned, resubmitted, accepted
constexpr char kChiLang[] = "187";   // late, never accepted
constexpr char kCity[] = "178";      // a draft in the report service, nothing submitted
constexpr char kTrainingTotal[] = "outreach.training.participants.total";
constexpr char kRadioNews[] = "outreach.radio.news_items.collective_economy";
constexpr char kYenTrach[] = "06247";  // a commune of Cao Lộc

std::string Token(Role role, const std::string& unit, const std::string& subject,
                  absl::Duration ttl = absl::Hours(1)) {
  return TestSecurity::Get().Token(role, unit, subject, ttl);
}

// The province's administrator, for what is not about authorization.
std::string AdminToken() { return Token(Role::kProvinceAdmin, "20", "admin.tinh"); }
std::string OfficerToken() { return Token(Role::kUnitOfficer, kCaoLoc, "officer.caoloc"); }

template <typename Service>
std::unique_ptr<typename Service::Stub> StubAs(const std::string& address,
                                               const std::string& token) {
  return Service::NewStub(TestSecurity::Get().Channel(address, token));
}

Date Day(int year, int month, int day) {
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

ov1::CreateActivityRequest RadioNews(const std::string& unit, int64_t quantity) {
  ov1::CreateActivityRequest request;
  ov1::Activity& a = *request.mutable_activity();
  a.set_kind(ov1::ACTIVITY_KIND_NEWS_ITEM);
  a.set_channel(ov1::CHANNEL_RADIO);
  a.add_topics(ov1::TOPIC_COLLECTIVE_ECONOMY);
  a.set_title("Tin về kinh tế tập thể");
  a.set_org_unit_code(unit);
  *a.mutable_start_date() = Day(2023, 6, 1);
  a.set_quantity(quantity);
  request.set_request_id(absl::StrCat("news-", unit));
  return request;
}

ov1::CreateActivityRequest Training(const std::string& unit, int64_t attendees,
                                    ov1::CountQualifier qualifier) {
  ov1::CreateActivityRequest request;
  ov1::Activity& a = *request.mutable_activity();
  a.set_kind(ov1::ACTIVITY_KIND_TRAINING);
  a.set_channel(ov1::CHANNEL_IN_PERSON);
  a.add_topics(ov1::TOPIC_COLLECTIVE_ECONOMY);
  a.set_title("Tập huấn kinh tế tập thể");
  a.set_org_unit_code(unit);
  *a.mutable_start_date() = Day(2023, 9, 15);
  ov1::ParticipantCount* p = a.add_participants();
  p->set_kind(ov1::PARTICIPANT_KIND_TOTAL);
  p->mutable_count()->set_value(attendees);
  p->mutable_count()->set_qualifier(qualifier);
  request.set_request_id(absl::StrCat("training-", unit));
  return request;
}

rpv1::ReportDraft Draft(const std::string& unit, const std::string& name) {
  rpv1::ReportDraft d;
  d.set_org_unit(absl::StrCat("orgUnits/", unit));
  *d.mutable_period()->mutable_start_date() = Day(2023, 1, 1);
  *d.mutable_period()->mutable_end_date() = Day(2023, 12, 31);
  d.set_template_(kTemplate);
  d.set_issuing_body(absl::StrCat("UBND ", name));
  d.set_area_name(name);
  d.set_place_name(name);
  for (const char* slot : {"situation", "limitations", "causes", "recommendations"}) {
    rpv1::NarrativeText* n = d.add_narratives();
    n->set_slot(slot);
    n->set_text(absl::StrCat("Nội dung ", slot, " của ", name, "."));
  }
  int number = 100;
  for (const char* key : {"request_letter", "party_plan", "district_plan", "implementation_plan",
                          "land_working_group", "land_guidance"}) {
    rpv1::ReferenceDocument* ref = d.add_reference_documents();
    ref->set_key(key);
    ref->set_document_type("Kế hoạch");
    ref->set_number(absl::StrCat(++number, "/KH-UBND"));
    *ref->mutable_issue_date() = Day(2023, 3, 30);
    ref->set_issuer(absl::StrCat("UBND ", name));
    ref->set_subject("về kinh tế tập thể");
  }
  d.add_recipients("Sở Kế hoạch và Đầu tư");
  d.mutable_signature()->set_authority("KT. CHỦ TỊCH");
  d.mutable_signature()->set_signer_title("PHÓ CHỦ TỊCH");
  d.mutable_signature()->set_signer_name("Nguyễn Văn A");
  return d;
}

class GatewayE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::unique_ptr<TestDatabase> registry_db, subsidy_db, outreach_db, report_db, gateway_db;
    std::unique_ptr<TestDatabase> limited_db;
    std::unique_ptr<ServerProcess> registry, subsidy, outreach, report, gateway;
    std::unique_ptr<ServerProcess> limited;  // a gateway with a low rate limit
    std::unique_ptr<rpv1::ReportService::Stub> report_stub;
    std::unique_ptr<gv1::GatewayService::Stub> gateway_stub;
    int http_port = 0;
    int limited_http_port = 0;
    std::map<std::string, std::string> draft_of;  // unit -> draft name
  };

  static void SetUpTestSuite() {
    shared_ = new Shared;
    Shared& s = *shared_;
    for (auto* db : {&s.registry_db, &s.subsidy_db, &s.outreach_db, &s.report_db, &s.gateway_db,
                     &s.limited_db}) {
      HOPTAC_ASSERT_OK_AND_ASSIGN(*db, TestDatabase::Create());
    }
    ProcessOptions registry = ServiceProcessOptions("registry", *s.registry_db);
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.registry, StartService(std::move(registry)));
    const std::string registry_address = s.registry->LoopbackAddress();

    ProcessOptions subsidy = ServiceProcessOptions("subsidy", *s.subsidy_db);
    subsidy.env.push_back({"HOPTAC_REGISTRY_ADDRESS", registry_address});
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.subsidy, StartService(std::move(subsidy)));
    ProcessOptions outreach = ServiceProcessOptions("outreach", *s.outreach_db);
    outreach.env.push_back({"HOPTAC_REGISTRY_ADDRESS", registry_address});
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.outreach, StartService(std::move(outreach)));

    ProcessOptions report = ServiceProcessOptions("report", *s.report_db);
    report.args.push_back(absl::StrCat("--registry_address=", registry_address));
    report.args.push_back(absl::StrCat("--subsidy_address=", s.subsidy->LoopbackAddress()));
    report.args.push_back(absl::StrCat("--outreach_address=", s.outreach->LoopbackAddress()));
    report.args.push_back(absl::StrCat("--report_templates_dir=", kTemplatesDir));
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.report, StartService(std::move(report)));

    auto gateway_options = [&](const TestDatabase& db, int http_port) {
      ProcessOptions gateway = ServiceProcessOptions("gateway", db);
      gateway.args.push_back(absl::StrCat("--registry_address=", registry_address));
      gateway.args.push_back(absl::StrCat("--report_address=", s.report->LoopbackAddress()));
      gateway.args.push_back(absl::StrCat("--subsidy_address=", s.subsidy->LoopbackAddress()));
      gateway.args.push_back(absl::StrCat("--outreach_address=", s.outreach->LoopbackAddress()));
      gateway.args.push_back(absl::StrCat("--http_port=", http_port));
      return gateway;
    };
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.http_port, hoptac::testing::PickFreeLoopbackPort());
    ProcessOptions gateway = gateway_options(*s.gateway_db, s.http_port);
    gateway.args.push_back("--rate_limit_per_second=1000");  // not what these tests are about
    gateway.args.push_back("--rate_limit_burst=1000");
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.gateway, StartService(std::move(gateway)));
    // One call per 5 s after a burst of 3: the fourth quick call is refused
    // however slow the machine.
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.limited_http_port, hoptac::testing::PickFreeLoopbackPort());
    ProcessOptions limited = gateway_options(*s.limited_db, s.limited_http_port);
    limited.args.push_back("--rate_limit_per_second=0.2");
    limited.args.push_back("--rate_limit_burst=3");
    HOPTAC_ASSERT_OK_AND_ASSIGN(s.limited, StartService(std::move(limited)));

    s.report_stub = StubAs<rpv1::ReportService>(s.report->LoopbackAddress(), AdminToken());
    s.gateway_stub = StubAs<gv1::GatewayService>(s.gateway->LoopbackAddress(), AdminToken());

    // Different figures per unit; Cao Lộc's attendance is approximate.
    auto outreach_stub = StubAs<ov1::OutreachService>(s.outreach->LoopbackAddress(), AdminToken());
    for (const auto& request :
         {RadioNews(kCaoLoc, 12), RadioNews(kLocBinh, 7),
          Training(kCaoLoc, 120, ov1::COUNT_QUALIFIER_ABOUT),
          Training(kLocBinh, 30, ov1::COUNT_QUALIFIER_EXACT)}) {
      auto created = Call(*outreach_stub, &ov1::OutreachService::Stub::CreateActivity, request);
      ASSERT_TRUE(created.ok()) << created.status();
    }
    for (const auto& [unit, name] : std::vector<std::pair<std::string, std::string>>{
             {kCaoLoc, "huyện Cao Lộc"}, {kLocBinh, "huyện Lộc Bình"}, {kChiLang, "huyện Chi Lăng"},
             {kCity, "thành phố Lạng Sơn"}}) {
      rpv1::CreateReportDraftRequest create;
      *create.mutable_draft() = Draft(unit, name);
      create.set_request_id(absl::StrCat("draft-", unit));
      auto draft = Call(*s.report_stub, &rpv1::ReportService::Stub::CreateReportDraft, create);
      ASSERT_TRUE(draft.ok()) << draft.status();
      s.draft_of[unit] = draft->draft().name();
    }
  }

  static void TearDownTestSuite() {
    Shared& s = *shared_;
    for (auto* p : {&s.limited, &s.gateway, &s.report, &s.outreach, &s.subsidy, &s.registry}) {
      if (*p && (*p)->Running()) {
        auto exit = (*p)->Terminate(kStopTimeout);
        EXPECT_TRUE(exit.ok() && exit->Success()) << (*p)->StderrTail();
      }
    }
    delete shared_;
    shared_ = nullptr;
  }

  static gv1::GatewayService::Stub& gateway() { return *shared_->gateway_stub; }

  // Assembles and submits the unit's draft in the report service.
  static absl::StatusOr<rpv1::ReportSnapshot> SubmitReport(const std::string& unit,
                                                           const std::string& request_id) {
    rpv1::AssembleReportRequest assemble;
    assemble.set_name(shared_->draft_of[unit]);
    auto assembled =
        Call(*shared_->report_stub, &rpv1::ReportService::Stub::AssembleReport, assemble);
    if (!assembled.ok()) return assembled.status();
    rpv1::SubmitReportRequest submit;
    submit.set_name(shared_->draft_of[unit]);
    submit.set_request_id(request_id);
    auto submitted =
        Call(*shared_->report_stub, &rpv1::ReportService::Stub::SubmitReport, submit);
    if (!submitted.ok()) return submitted.status();
    return submitted->snapshot();
  }

  static absl::StatusOr<gv1::Submission> SubmitToRound(const std::string& round,
                                                      const std::string& unit,
                                                      const std::string& snapshot,
                                                      const std::string& request_id,
                                                      gv1::GatewayService::Stub* as = nullptr) {
    gv1::SubmitToRoundRequest request;
    request.set_reporting_round(round);
    request.set_org_unit(absl::StrCat("orgUnits/", unit));
    request.set_snapshot(snapshot);
    request.set_request_id(request_id);
    auto response = Call(as == nullptr ? gateway() : *as,
                         &gv1::GatewayService::Stub::SubmitToRound, request);
    if (!response.ok()) return response.status();
    return response->submission();
  }

  static absl::StatusOr<gv1::Submission> Review(const std::string& round, const std::string& unit,
                                               const std::string& reason,
                                               const std::string& request_id) {
    if (reason.empty()) {
      gv1::AcceptSubmissionRequest request;
      request.set_reporting_round(round);
      request.set_org_unit(absl::StrCat("orgUnits/", unit));
      request.set_request_id(request_id);
      auto r = Call(gateway(), &gv1::GatewayService::Stub::AcceptSubmission, request);
      if (!r.ok()) return r.status();
      return r->submission();
    }
    gv1::ReturnSubmissionRequest request;
    request.set_reporting_round(round);
    request.set_org_unit(absl::StrCat("orgUnits/", unit));
    request.set_reason(reason);
    request.set_request_id(request_id);
    auto r = Call(gateway(), &gv1::GatewayService::Stub::ReturnSubmission, request);
    if (!r.ok()) return r.status();
    return r->submission();
  }

  // POST /v1/{method} over HTTPS (the CA verifies the gateway), with
  // "Authorization: Bearer <token>" unless the token is empty.
  static httplib::Result HttpPost(const std::string& method, const std::string& json,
                                  const std::string& token = AdminToken(), int port = 0) {
    httplib::SSLClient client("127.0.0.1", port == 0 ? shared_->http_port : port);
    client.set_ca_cert_path(absl::StrCat(TestSecurity::Get().dir(), "/ca.crt").c_str());
    client.enable_server_certificate_verification(true);
    client.set_read_timeout(20, 0);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", absl::StrCat("Bearer ", token));
    return client.Post(absl::StrCat("/v1/", method).c_str(), headers, json, "application/json");
  }

  static std::unique_ptr<gv1::GatewayService::Stub> GatewayAs(const std::string& token) {
    return StubAs<gv1::GatewayService>(shared_->gateway->LoopbackAddress(), token);
  }

  // A 2023 round of `unit` (the province, or a district for its communes).
  static absl::StatusOr<gv1::ReportingRound> CreateRound(const std::string& unit,
                                                        const std::string& request_id,
                                                        const std::string& title = "Tổng hợp") {
    gv1::CreateReportingRoundRequest create;
    gv1::ReportingRound& r = *create.mutable_reporting_round();
    r.set_org_unit(absl::StrCat("orgUnits/", unit));
    *r.mutable_period()->mutable_start_date() = Day(2023, 1, 1);
    *r.mutable_period()->mutable_end_date() = Day(2023, 12, 31);
    r.set_template_(kTemplate);
    r.set_request_letter("Công văn số 1/SKHĐT-ĐKKD");
    r.mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24)));
    r.set_title(title);
    create.set_request_id(request_id);
    auto created = Call(gateway(), &gv1::GatewayService::Stub::CreateReportingRound, create);
    if (!created.ok()) return created.status();
    return created->reporting_round();
  }

  static absl::StatusOr<int> CountRounds() {
    gv1::ListReportingRoundsRequest list;
    list.set_page_size(200);
    auto rounds = Call(gateway(), &gv1::GatewayService::Stub::ListReportingRounds, list);
    if (!rounds.ok()) return rounds.status();
    return rounds->reporting_rounds_size();
  }

  static Shared* shared_;
};

GatewayE2eTest::Shared* GatewayE2eTest::shared_ = nullptr;

TEST_F(GatewayE2eTest, AWholeRoundFromOpeningToTheConsolidatedReport) {
  // The units' reports, assembled and frozen in the report service.
  HOPTAC_ASSERT_OK_AND_ASSIGN(rpv1::ReportSnapshot cao_loc, SubmitReport(kCaoLoc, "snap-183"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(rpv1::ReportSnapshot loc_binh_1, SubmitReport(kLocBinh, "snap-188-1"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(rpv1::ReportSnapshot chi_lang, SubmitReport(kChiLang, "snap-187"));

  // The round: its units come from the registry's tree valid on 31/12/2023.
  const absl::Time deadline = absl::Now() + kRoundWindow;
  gv1::CreateReportingRoundRequest create;
  gv1::ReportingRound& r = *create.mutable_reporting_round();
  r.set_org_unit("orgUnits/20");
  *r.mutable_period()->mutable_start_date() = Day(2023, 1, 1);
  *r.mutable_period()->mutable_end_date() = Day(2023, 12, 31);
  r.set_template_(kTemplate);
  r.set_request_letter("Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023");
  r.mutable_deadline()->set_seconds(absl::ToUnixSeconds(deadline));
  r.set_title("Tổng hợp kết quả thực hiện Kế hoạch số 115/KH-UBND năm 2023");
  create.set_request_id("round-2023");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created,
                              Call(gateway(), &gv1::GatewayService::Stub::CreateReportingRound, create));
  const gv1::ReportingRound& round = created.reporting_round();
  ASSERT_EQ(round.expected_units_size(), 11);
  EXPECT_EQ(round.issuing_body(), "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN");
  EXPECT_EQ(round.template_(), kTemplate);
  std::vector<std::string> codes;
  for (const auto& u : round.expected_units()) codes.push_back(u.code());
  EXPECT_THAT(codes, ::testing::Contains(kCaoLoc));
  EXPECT_THAT(codes, ::testing::Contains("178"));  // Thành phố Lạng Sơn

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto first, SubmitToRound(round.name(), kCaoLoc, cao_loc.name(), "in-183"));
  EXPECT_EQ(first.state(), gv1::SUBMISSION_STATE_SUBMITTED_ON_TIME);
  EXPECT_EQ(first.content_sha256(), cao_loc.content_sha256());
  absl::SleepFor(deadline - absl::Now() + absl::Milliseconds(300));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto late, SubmitToRound(round.name(), kLocBinh, loc_binh_1.name(), "in-188"));
  EXPECT_EQ(late.state(), gv1::SUBMISSION_STATE_SUBMITTED_LATE);
  // A retry of the creation returns the same round.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto again,
                              Call(gateway(), &gv1::GatewayService::Stub::CreateReportingRound, create));
  EXPECT_EQ(again.reporting_round().name(), round.name());
  ASSERT_TRUE(SubmitToRound(round.name(), kChiLang, chi_lang.name(), "in-187").ok());

  // A commune is not one of the round's units.
  EXPECT_THAT(SubmitToRound(round.name(), "06247", cao_loc.name(), "wrong-unit"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("orgUnits/06247")));
  // A unit cannot hand in another unit's report.
  EXPECT_THAT(SubmitToRound(round.name(), kCity, cao_loc.name(), "wrong-report"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("orgUnits/183")));

  // Returned with a reason, resubmitted with a new snapshot, accepted.
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto returned, Review(round.name(), kLocBinh, "Đề nghị bổ sung số liệu khuyến công.", "ret-188"));
  EXPECT_EQ(returned.state(), gv1::SUBMISSION_STATE_RETURNED);
  EXPECT_THAT(Review(round.name(), kLocBinh, "", "acc-188-early"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("RETURNED"), HasSubstr("ACCEPTED"))));
  HOPTAC_ASSERT_OK_AND_ASSIGN(rpv1::ReportSnapshot loc_binh_2, SubmitReport(kLocBinh, "snap-188-2"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto resubmitted,
                              SubmitToRound(round.name(), kLocBinh, loc_binh_2.name(), "in-188-2"));
  EXPECT_EQ(resubmitted.state(), gv1::SUBMISSION_STATE_RESUBMITTED);
  EXPECT_EQ(resubmitted.version(), 2);
  ASSERT_TRUE(Review(round.name(), kCaoLoc, "", "acc-183").ok());
  ASSERT_TRUE(Review(round.name(), kLocBinh, "", "acc-188").ok());
  EXPECT_THAT(Review(round.name(), kCaoLoc, "Muộn", "ret-183"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("ACCEPTED"), HasSubstr("RETURNED"))));

  // Every version is kept.
  gv1::ListSubmissionsRequest list;
  list.set_reporting_round(round.name());
  list.set_org_unit("orgUnits/188");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto history,
                              Call(gateway(), &gv1::GatewayService::Stub::ListSubmissions, list));
  ASSERT_EQ(history.submissions_size(), 2);
  EXPECT_EQ(history.submissions(0).state(), gv1::SUBMISSION_STATE_RETURNED);
  EXPECT_EQ(history.submissions(0).return_reason(), "Đề nghị bổ sung số liệu khuyến công.");
  EXPECT_EQ(history.submissions(0).snapshot(), loc_binh_1.name());
  EXPECT_EQ(history.submissions(1).state(), gv1::SUBMISSION_STATE_ACCEPTED);
  EXPECT_EQ(history.submissions(1).snapshot(), loc_binh_2.name());

  // Status: 3 of 11 submitted, 1 of 11 on time, 8 missing by code and name.
  gv1::GetRoundStatusRequest status_request;
  status_request.set_reporting_round(round.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto status,
                              Call(gateway(), &gv1::GatewayService::Stub::GetRoundStatus, status_request));
  EXPECT_EQ(status.expected_count(), 11);
  EXPECT_EQ(status.submitted_count(), 3);
  EXPECT_EQ(status.on_time_count(), 1);
  EXPECT_EQ(status.late_count(), 2);
  EXPECT_EQ(status.accepted_count(), 2);
  EXPECT_DOUBLE_EQ(status.completeness_percent(), 300.0 / 11);
  EXPECT_DOUBLE_EQ(status.timeliness_percent(), 100.0 / 11);
  EXPECT_EQ(status.draft_count(), 1);
  ASSERT_EQ(status.units_size(), 11);
  EXPECT_EQ(status.units(0).unit().code(), kCity);
  EXPECT_EQ(status.units(0).state(), gv1::SUBMISSION_STATE_DRAFT);
  EXPECT_EQ(status.units(1).state(), gv1::SUBMISSION_STATE_NOT_STARTED);
  ASSERT_EQ(status.missing_units_size(), 8);
  EXPECT_EQ(status.missing_units(0).code(), "178");
  EXPECT_EQ(status.missing_units(0).display_name(), "Thành phố Lạng Sơn");

  // HTTP/JSON answers with the same data.
  auto http = HttpPost("GetRoundStatus", absl::StrCat("{\"reportingRound\":\"", round.name(), "\"}"));
  ASSERT_TRUE(http) << httplib::to_string(http.error());
  ASSERT_EQ(http->status, 200) << http->body;
  gv1::GetRoundStatusResponse from_http;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(http->body, &from_http).ok()) << http->body;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(from_http, status))
      << from_http.DebugString() << "\nvs\n" << status.DebugString();
  auto missing = HttpPost("GetRoundStatus", "{\"reportingRound\":\"reportingRounds/999\"}");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_THAT(missing->body, HasSubstr("\"code\":\"NOT_FOUND\""));
  auto bad = HttpPost("GetRoundStatus", "{\"noSuchField\":1}");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto unknown = HttpPost("NoSuchMethod", "{}");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);

  // The consolidated report from the accepted versions.
  gv1::BuildConsolidatedReportRequest build;
  build.set_reporting_round(round.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto built, Call(gateway(), &gv1::GatewayService::Stub::BuildConsolidatedReport, build));
  const gv1::ConsolidatedReport& report = built.report();
  EXPECT_EQ(report.basis(), gv1::CONSOLIDATION_BASIS_ACCEPTED);
  ASSERT_EQ(report.included_units_size(), 2);
  ASSERT_EQ(report.unaccepted_units_size(), 1);
  EXPECT_EQ(report.unaccepted_units(0).code(), kChiLang);
  EXPECT_EQ(report.missing_units_size(), 8);

  // Independently: the sum of the two accepted snapshots' figures.
  std::map<std::string, int64_t> expected;
  for (const rpv1::ReportSnapshot* s : {&cao_loc, &loc_binh_2}) {
    for (const rpv1::Statistic& st : s->report().statistics()) expected[st.name()] += st.value();
  }
  ASSERT_GT(report.statistics_size(), 10);
  for (const gv1::ConsolidatedStatistic& st : report.statistics()) {
    ASSERT_TRUE(expected.contains(st.name())) << st.name();
    EXPECT_EQ(st.total(), expected[st.name()]) << st.name();
    EXPECT_EQ(st.unit_values_size(), 2) << st.name();
  }
  auto find = [&](const std::string& name) -> const gv1::ConsolidatedStatistic* {
    for (const auto& st : report.statistics()) {
      if (st.name() == name) return &st;
    }
    return nullptr;
  };
  const gv1::ConsolidatedStatistic* training = find(kTrainingTotal);
  ASSERT_NE(training, nullptr);
  EXPECT_EQ(training->total(), 150);
  EXPECT_EQ(training->total_qualifier(), rpv1::COUNT_QUALIFIER_ABOUT);
  const gv1::ConsolidatedStatistic* news = find(kRadioNews);
  ASSERT_NE(news, nullptr);
  EXPECT_EQ(news->total(), 19);

  EXPECT_THAT(report.markdown(), HasSubstr("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN"));
  EXPECT_THAT(report.markdown(), HasSubstr("khoảng 150"));
  EXPECT_THAT(report.markdown(), HasSubstr("Huyện Chi Lăng"));
  EXPECT_THAT(report.markdown(), HasSubstr("Thành phố Lạng Sơn"));
  EXPECT_THAT(report.markdown(), HasSubstr("Nội dung limitations của huyện Lộc Bình."));
  EXPECT_EQ(report.docx().substr(0, 2), "PK");
  EXPECT_EQ(report.xlsx().substr(0, 2), "PK");

  // HOPTAC_GATEWAY_E2E_OUT=<dir> keeps the three renderings for a look.
  if (const char* out = std::getenv("HOPTAC_GATEWAY_E2E_OUT"); out != nullptr && *out != '\0') {
    for (const auto& [file, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"tong-hop.md", report.markdown()}, {"tong-hop.docx", report.docx()},
             {"tong-hop.xlsx", report.xlsx()}}) {
      std::ofstream(absl::StrCat(out, "/", file), std::ios::binary) << bytes;
    }
  }

  // With the latest submitted versions, the unaccepted unit is included too.
  build.set_basis(gv1::CONSOLIDATION_BASIS_LATEST_SUBMITTED);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto interim, Call(gateway(), &gv1::GatewayService::Stub::BuildConsolidatedReport, build));
  EXPECT_EQ(interim.report().included_units_size(), 3);
  EXPECT_EQ(interim.report().unaccepted_units_size(), 0);
}

TEST_F(GatewayE2eTest, A2026RoundExpectsTheCommunesAsTheTreeHasNoDistrictLevel) {
  // Over HTTP/JSON this time: the same method, the same rules.
  auto http = HttpPost(
      "CreateReportingRound",
      R"({"reportingRound":{"orgUnit":"orgUnits/20",)"
      R"("period":{"startDate":{"year":2026,"month":1,"day":1},"endDate":{"year":2026,"month":12,"day":31}},)"
      R"("template":"templates/bao-cao-ke-hoach-115/versions/1",)"
      R"("requestLetter":"Công văn số 100/SKHĐT-ĐKKD ngày 01/12/2026",)"
      R"("deadline":"2026-12-20T10:00:00Z"},"requestId":"round-2026"})");
  ASSERT_TRUE(http);
  ASSERT_EQ(http->status, 200) << http->body;
  gv1::CreateReportingRoundResponse created;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(http->body, &created).ok());
  EXPECT_EQ(created.reporting_round().expected_units_size(), 65);
  for (const auto& u : created.reporting_round().expected_units()) {
    EXPECT_EQ(u.code().size(), 5u) << u.code() << " " << u.display_name();  // commune codes
  }

  // A bad request names the field, as HTTP 400 with the gRPC code in the body.
  auto bad = HttpPost("CreateReportingRound",
                      R"({"reportingRound":{"orgUnit":"orgUnits/20","template":"templates/x"}})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("\"code\":\"INVALID_ARGUMENT\""));
  EXPECT_THAT(bad->body, HasSubstr("reporting_round.period"));
}

TEST_F(GatewayE2eTest, ReadApisForwardToTheOwningServiceOverGrpcAndHttp) {
  gv1::ListActivitiesRequest request;
  request.mutable_query()->set_org_unit_code(kCaoLoc);  // a 2023 district: ask about 2023
  *request.mutable_query()->mutable_period()->mutable_start_date() = Day(2023, 1, 1);
  *request.mutable_query()->mutable_period()->mutable_end_date() = Day(2023, 12, 31);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto activities,
                              Call(gateway(), &gv1::GatewayService::Stub::ListActivities, request));
  ASSERT_EQ(activities.result().activities_size(), 2);
  for (const auto& a : activities.result().activities()) EXPECT_EQ(a.org_unit_code(), kCaoLoc);

  auto http = HttpPost("ListActivities", 
                      "{\"query\":{\"orgUnitCode\":\"183\",\"pageSize\":1,\"period\":"
                      "{\"startDate\":{\"year\":2023,\"month\":1,\"day\":1},"
                      "\"endDate\":{\"year\":2023,\"month\":12,\"day\":31}}}}");
  ASSERT_TRUE(http);
  ASSERT_EQ(http->status, 200) << http->body;
  gv1::ListActivitiesResponse page;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(http->body, &page).ok()) << http->body;
  EXPECT_EQ(page.result().activities_size(), 1);
  EXPECT_FALSE(page.result().next_page_token().empty());

  // The owning service's own answer to a bad query comes back with its code.
  gv1::ListCooperativesRequest bad;
  bad.mutable_query()->set_page_size(-1);
  EXPECT_THAT(Call(gateway(), &gv1::GatewayService::Stub::ListCooperatives, bad).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("registry")));

  // A unit officer reads its own subtree: without a filter the query is
  // narrowed to it, and another district is refused.
  auto officer = GatewayAs(OfficerToken());
  request.mutable_query()->clear_org_unit_code();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto own,
                              Call(*officer, &gv1::GatewayService::Stub::ListActivities, request));
  ASSERT_EQ(own.result().activities_size(), 2);
  for (const auto& a : own.result().activities()) EXPECT_EQ(a.org_unit_code(), kCaoLoc);
  request.mutable_query()->set_org_unit_code(kLocBinh);
  EXPECT_THAT(Call(*officer, &gv1::GatewayService::Stub::ListActivities, request).status(),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  auto refused = HttpPost("ListActivities", "{\"query\":{\"orgUnitCode\":\"188\"}}", OfficerToken());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << refused->body;
}

TEST_F(GatewayE2eTest, AUnitOfficerSubmitsInItsDistrictAndItsCommunesButNotElsewhere) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(gv1::ReportingRound province, CreateRound("20", "round-officer"));
  HOPTAC_ASSERT_OK_AND_ASSIGN(rpv1::ReportSnapshot cao_loc, SubmitReport(kCaoLoc, "snap-183-officer"));
  auto officer = GatewayAs(OfficerToken());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto own, SubmitToRound(province.name(), kCaoLoc, cao_loc.name(), "officer-183", officer.get()));
  EXPECT_EQ(own.org_unit(), "orgUnits/183");

  // Another district: refused, and nothing entered the round.
  EXPECT_THAT(SubmitToRound(province.name(), kCity, cao_loc.name(), "officer-178", officer.get()),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  gv1::ListSubmissionsRequest city;
  city.set_reporting_round(province.name());
  city.set_org_unit("orgUnits/178");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto none,
                              Call(gateway(), &gv1::GatewayService::Stub::ListSubmissions, city));
  EXPECT_EQ(none.submissions_size(), 0);
  gv1::GetRoundStatusRequest status;
  status.set_reporting_round(province.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto progress,
                              Call(gateway(), &gv1::GatewayService::Stub::GetRoundStatus, status));
  EXPECT_EQ(progress.submitted_count(), 1);
  // The province's duties and overview are not the officer's.
  EXPECT_THAT(Call(*officer, &gv1::GatewayService::Stub::GetRoundStatus, status).status(),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  gv1::AcceptSubmissionRequest accept;
  accept.set_reporting_round(province.name());
  accept.set_org_unit("orgUnits/183");
  accept.set_request_id("officer-accepts");
  EXPECT_THAT(Call(*officer, &gv1::GatewayService::Stub::AcceptSubmission, accept).status(),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  // A round of Cao Lộc's communes: the officer hands in Yên Trạch's report.
  HOPTAC_ASSERT_OK_AND_ASSIGN(gv1::ReportingRound communes, CreateRound(kCaoLoc, "round-183"));
  std::vector<std::string> codes;
  for (const auto& u : communes.expected_units()) codes.push_back(u.code());
  ASSERT_THAT(codes, ::testing::Contains(kYenTrach));
  auto officer_reports = StubAs<rpv1::ReportService>(shared_->report->LoopbackAddress(), OfficerToken());
  rpv1::CreateReportDraftRequest create;
  *create.mutable_draft() = Draft(kYenTrach, "xã Yên Trạch");
  create.set_request_id("draft-06247");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto draft, Call(*officer_reports, &rpv1::ReportService::Stub::CreateReportDraft, create));
  rpv1::AssembleReportRequest assemble;
  assemble.set_name(draft.draft().name());
  ASSERT_THAT(Call(*officer_reports, &rpv1::ReportService::Stub::AssembleReport, assemble).status(),
              hoptac::testing::IsOk());
  rpv1::SubmitReportRequest submit;
  submit.set_name(draft.draft().name());
  submit.set_request_id("snap-06247");
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto snapshot, Call(*officer_reports, &rpv1::ReportService::Stub::SubmitReport, submit));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto commune,
                              SubmitToRound(communes.name(), kYenTrach, snapshot.snapshot().name(),
                                            "officer-06247", officer.get()));
  EXPECT_EQ(commune.org_unit(), "orgUnits/06247");
}

TEST_F(GatewayE2eTest, CallsWithoutAValidTokenAreUnauthenticated) {
  const std::string address = shared_->gateway->LoopbackAddress();
  const TestSecurity& security = TestSecurity::Get();
  for (const auto& [what, token] : std::vector<std::pair<std::string, std::string>>{
           {"missing", ""},
           {"expired", Token(Role::kProvinceAdmin, "20", "admin.tinh", -absl::Hours(1))},
           {"forged", security.ForgedToken(Role::kProvinceAdmin, "20")}}) {
    auto stub = StubAs<gv1::GatewayService>(address, token);
    EXPECT_THAT(Call(*stub, &gv1::GatewayService::Stub::ListReportingRounds, {}).status(),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_))
        << what;
    auto http = HttpPost("ListReportingRounds", "{}", token);
    ASSERT_TRUE(http) << what;
    EXPECT_EQ(http->status, 401) << what << " " << http->body;
    EXPECT_EQ(http->get_header_value("WWW-Authenticate"), "Bearer") << what;
    EXPECT_THAT(http->body, HasSubstr("UNAUTHENTICATED")) << what;
  }
  // A mutation without a valid token changes nothing.
  HOPTAC_ASSERT_OK_AND_ASSIGN(int before, CountRounds());
  auto anonymous = StubAs<gv1::GatewayService>(address, "");
  gv1::CreateReportingRoundRequest create;
  create.mutable_reporting_round()->set_org_unit("orgUnits/20");
  EXPECT_THAT(Call(*anonymous, &gv1::GatewayService::Stub::CreateReportingRound, create).status(),
              StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(int after, CountRounds());
  EXPECT_EQ(after, before);
  // HTTP/JSON is HTTPS: plaintext gets no answer.
  httplib::Client plain("127.0.0.1", shared_->http_port);
  plain.set_read_timeout(5, 0);
  auto answer = plain.Post("/v1/ListReportingRounds", "{}", "application/json");
  EXPECT_TRUE(!answer || answer->status != 200);
}

TEST_F(GatewayE2eTest, MutationsAreInTheAuditTrailForTheProvinceOnly) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(gv1::ReportingRound round, CreateRound("20", "round-audited"));
  // Refused over HTTP: audited with its outcome.
  auto refused = HttpPost(
      "CreateReportingRound",
      R"({"reportingRound":{"orgUnit":"orgUnits/20",)"
      R"("period":{"startDate":{"year":2023,"month":1,"day":1},"endDate":{"year":2023,"month":12,"day":31}},)"
      R"("template":"templates/bao-cao-ke-hoach-115/versions/1","requestLetter":"Công văn",)"
      R"("deadline":"2026-12-20T10:00:00Z"},"requestId":"officer-round"})",
      OfficerToken());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << refused->body;

  auto trail = StubAs<cv1::AuditService>(shared_->gateway->LoopbackAddress(), AdminToken());
  cv1::ListAuditEventsRequest request;
  request.set_resource(round.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto events,
                              Call(*trail, &cv1::AuditService::Stub::ListAuditEvents, request));
  ASSERT_EQ(events.events_size(), 1);
  const cv1::AuditEvent& event = events.events(0);
  EXPECT_EQ(event.subject(), "admin.tinh");
  EXPECT_EQ(event.role(), "province_admin");
  EXPECT_EQ(event.org_unit(), "20");
  EXPECT_EQ(event.method(), "hoptac.gateway.v1.GatewayService/CreateReportingRound");
  EXPECT_EQ(event.resource(), round.name());
  EXPECT_EQ(event.request_id(), "round-audited");
  EXPECT_EQ(event.outcome(), "OK");

  cv1::ListAuditEventsRequest by_officer;
  by_officer.set_subject("officer.caoloc");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto officer_events,
                              Call(*trail, &cv1::AuditService::Stub::ListAuditEvents, by_officer));
  bool refusal_recorded = false;
  for (const auto& e : officer_events.events()) {
    if (e.request_id() == "officer-round") {
      refusal_recorded = true;
      EXPECT_EQ(e.outcome(), "PERMISSION_DENIED");
      EXPECT_EQ(e.role(), "unit_officer");
      EXPECT_EQ(e.org_unit(), "183");
    }
  }
  EXPECT_TRUE(refusal_recorded);

  // The trail is the province administrators'.
  auto officer_trail = StubAs<cv1::AuditService>(shared_->gateway->LoopbackAddress(), OfficerToken());
  EXPECT_THAT(Call(*officer_trail, &cv1::AuditService::Stub::ListAuditEvents, request).status(),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(GatewayE2eTest, HostileInputIsRefusedNamingTheFieldOrStoredVerbatimAndChangesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(int before, CountRounds());
  const std::string sql = "'; DROP TABLE rounds; --";
  HOPTAC_ASSERT_OK_AND_ASSIGN(gv1::ReportingRound stored, CreateRound("20", "round-sql", sql));
  EXPECT_EQ(stored.title(), sql);
  gv1::GetReportingRoundRequest get;
  get.set_name(stored.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto read, Call(gateway(), &gv1::GatewayService::Stub::GetReportingRound, get));
  EXPECT_EQ(read.reporting_round().title(), sql);

  const std::string megabyte(1 << 20, 'x');
  EXPECT_THAT(CreateRound("20", "round-huge", megabyte),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.title")));
  EXPECT_THAT(CreateRound("20", "round-control", "Tổng hợp\x07\x1b[2J"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.title")));
  EXPECT_THAT(CreateRound("20' OR '1'='1", "round-unit"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.org_unit")));
  auto http = HttpPost(
      "CreateReportingRound",
      absl::StrCat(
          R"({"reportingRound":{"orgUnit":"orgUnits/20",)"
          R"("period":{"startDate":{"year":2023,"month":1,"day":1},"endDate":{"year":2023,"month":12,"day":31}},)"
          R"("template":"templates/bao-cao-ke-hoach-115/versions/1","requestLetter":"Công văn",)"
          R"("deadline":"2026-12-20T10:00:00Z","title":")",
          megabyte, R"("},"requestId":"round-huge-http"})"));
  ASSERT_TRUE(http);
  EXPECT_EQ(http->status, 400);
  EXPECT_THAT(http->body, HasSubstr("reporting_round.title"));
  gv1::ReturnSubmissionRequest give_back;
  give_back.set_reporting_round(stored.name());
  give_back.set_org_unit("orgUnits/183");
  give_back.set_reason(megabyte);
  give_back.set_request_id("return-huge");
  EXPECT_THAT(Call(gateway(), &gv1::GatewayService::Stub::ReturnSubmission, give_back).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  gv1::SubmitToRoundRequest submit;
  submit.set_reporting_round(stored.name());
  submit.set_org_unit("orgUnits/183; DELETE FROM submissions");
  submit.set_snapshot("reportDrafts/1/snapshots/1");
  EXPECT_THAT(Call(gateway(), &gv1::GatewayService::Stub::SubmitToRound, submit).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("org_unit")));
  // The gateway holds no amounts; the refused requests changed nothing.
  HOPTAC_ASSERT_OK_AND_ASSIGN(int after, CountRounds());
  EXPECT_EQ(after, before + 1);
  gv1::ListSubmissionsRequest list;
  list.set_reporting_round(stored.name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto submissions,
                              Call(gateway(), &gv1::GatewayService::Stub::ListSubmissions, list));
  EXPECT_EQ(submissions.submissions_size(), 0);
}

TEST_F(GatewayE2eTest, OverTheRateLimitTheFourthQuickCallIsRefusedAndOthersAreNot) {
  const std::string address = shared_->limited->LoopbackAddress();
  const int http_port = shared_->limited_http_port;
  auto eager = StubAs<gv1::GatewayService>(address, Token(Role::kViewer, "183", "eager.grpc"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(Call(*eager, &gv1::GatewayService::Stub::ListReportingRounds, {}).status(),
                hoptac::testing::IsOk()) << i;
  }
  EXPECT_THAT(Call(*eager, &gv1::GatewayService::Stub::ListReportingRounds, {}).status(),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("rate limit")));

  const std::string eager_http = Token(Role::kViewer, "183", "eager.http");
  for (int i = 0; i < 3; ++i) {
    auto ok = HttpPost("ListReportingRounds", "{}", eager_http, http_port);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << i << " " << ok->body;
  }
  auto refused = HttpPost("ListReportingRounds", "{}", eager_http, http_port);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_EQ(refused->get_header_value("Retry-After"), "5");
  EXPECT_THAT(refused->body, HasSubstr("RESOURCE_EXHAUSTED"));

  // Another caller is not affected, over either transport.
  const std::string calm = Token(Role::kViewer, "180", "calm");
  auto calm_stub = StubAs<gv1::GatewayService>(address, calm);
  EXPECT_THAT(Call(*calm_stub, &gv1::GatewayService::Stub::ListReportingRounds, {}).status(),
              hoptac::testing::IsOk());
  auto calm_http = HttpPost("ListReportingRounds", "{}", calm, http_port);
  ASSERT_TRUE(calm_http);
  EXPECT_EQ(calm_http->status, 200) << calm_http->body;
}

}  // namespace
}  // namespace hoptac::e2e
