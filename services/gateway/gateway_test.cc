// The gateway's methods with fake sources (registry, report service) and a
// real store on a fresh MariaDB database: validation naming fields, the
// snapshot checks, pagination, the access policy (a fake org-unit tree), the
// audit trail, and the gRPC service in-process (tokens verified, rate limit)
// with HTTP/JSON relayed to it.
#include "services/gateway/gateway.h"

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/server_context.h"
#include "services/common/auth/access_gate.h"
#include "services/common/auth/audit_log.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/auth/call_identity.h"
#include "services/common/auth/testing/test_keys.h"
#include "services/common/migrations.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/gateway/gate_access.h"
#include "services/gateway/gateway_migrations.h"
#include "services/gateway/gateway_service.h"
#include "services/gateway/http_gateway.h"

namespace hoptac::gateway {
namespace {

namespace rv1 = ::hoptac::report::v1;
using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kTemplate[] = "templates/bao-cao-ke-hoach-115/versions/1";
constexpr char kStatistic[] = "outreach.radio.news_items.collective_economy";
constexpr char kService[] = "hoptac.gateway.v1.GatewayService";

// Lạng Sơn in small: the province 20, the districts 180 and 183, and the
// commune 06247 (Yên Trạch) in 183.
class FakeTree : public OrgUnitTree {
 public:
  absl::StatusOr<std::vector<std::string>> SubtreeCodes(const grpc::ServerContextBase*,
                                                        absl::string_view code,
                                                        absl::CivilDay) const override {
    if (code == "20") return std::vector<std::string>{"20", "180", "183", "06247"};
    if (code == "183") return std::vector<std::string>{"183", "06247"};
    if (code == "180" || code == "06247") return std::vector<std::string>{std::string(code)};
    return absl::NotFoundError(absl::StrCat("registry: no unit ", code));
  }
};

// A call checked by the real gate, bound to a context of no call (the fake
// tree needs none); kept alive for the CallInfo that points at it.
struct BoundCall {
  BoundCall(AccessGate& gate, CallContext c) : call(std::move(c)), access(gate, context, call) {}
  grpc::ServerContext context;
  CallContext call;
  GateAccess access;
};

// One signing key for the test binary; the process verifies with it.
struct TestTokens {
  hoptac::testing::TestKeyPair key = hoptac::testing::GenerateTestKeyPair("EC");
  std::unique_ptr<TokenVerifier> verifier;

  TestTokens() {
    TokenVerifierOptions options;
    options.keys.push_back({"", key.public_pem});
    verifier = *TokenVerifier::Create(std::move(options));
    SetCallerVerifierForTesting(verifier.get());
  }

  std::string Token(Role role, const std::string& unit, const std::string& subject,
                    absl::Duration ttl = absl::Hours(1)) const {
    TokenClaims claims;
    claims.subject = subject;
    claims.org_unit = unit;
    claims.role = role;
    claims.issued_at = absl::Now() - absl::Minutes(1);
    claims.expires = absl::Now() + ttl;
    return *SignToken(claims, key.private_pem);
  }

  static const TestTokens& Get() {
    static const auto* tokens = new TestTokens;
    return *tokens;
  }
};

class FakeSources : public RoundSources {
 public:
  absl::StatusOr<ExpectedUnitInfo> GetOrgUnit(const CallInfo&, const std::string& code,
                                              absl::CivilDay) override {
    if (!registry_up) return absl::UnavailableError("registry did not answer");
    if (code != "20") return absl::NotFoundError("registry: no unit " + code);
    return ExpectedUnitInfo{"20", "Tỉnh Lạng Sơn"};
  }
  absl::StatusOr<std::vector<ExpectedUnitInfo>> ListChildUnits(const CallInfo&,
                                                               const std::string&,
                                                               absl::CivilDay) override {
    return children;
  }
  absl::StatusOr<rv1::ReportTemplate> GetTemplate(const CallInfo&,
                                                  const std::string& name) override {
    if (name != kTemplate) return absl::NotFoundError("report service: no template " + name);
    rv1::ReportTemplate t;
    t.set_name(kTemplate);
    t.add_bindings()->set_statistic(kStatistic);
    return t;
  }
  absl::StatusOr<std::vector<std::string>> UnitsWithDrafts(const CallInfo&,
                                                           const std::vector<std::string>& codes,
                                                           const Period&,
                                                           const std::string&) override {
    std::vector<std::string> out;
    for (const std::string& c : codes) {
      if (drafting.contains(c)) out.push_back(c);
    }
    return out;
  }
  absl::StatusOr<rv1::ReportSnapshot> GetSnapshot(const CallInfo&,
                                                  const std::string& name) override {
    auto it = snapshots.find(name);
    if (it == snapshots.end()) return absl::NotFoundError("report service: no snapshot " + name);
    return it->second;
  }

  bool registry_up = true;
  std::vector<ExpectedUnitInfo> children = {{"180", "Huyện Tràng Định"}, {"183", "Huyện Cao Lộc"}};
  std::map<std::string, rv1::ReportSnapshot> snapshots;
  std::set<std::string> drafting;
};

class NoReads : public ProvinceReads {
 public:
  absl::StatusOr<v1::ListCooperativesResponse> ListCooperatives(const v1::ListCooperativesRequest&,
                                                                const CallInfo&) override {
    return absl::UnimplementedError("not in this test");
  }
  absl::StatusOr<v1::ListGrantsResponse> ListGrants(const v1::ListGrantsRequest&,
                                                    const CallInfo&) override {
    return absl::UnimplementedError("not in this test");
  }
  absl::StatusOr<v1::ListLedgerEntriesResponse> ListLedgerEntries(
      const v1::ListLedgerEntriesRequest&, const CallInfo&) override {
    return absl::UnimplementedError("not in this test");
  }
  absl::StatusOr<v1::ListActivitiesResponse> ListActivities(const v1::ListActivitiesRequest&,
                                                            const CallInfo&) override {
    return absl::UnimplementedError("not in this test");
  }
};

rv1::ReportSnapshot Snapshot(const std::string& name, const std::string& unit, int year,
                             int64_t news) {
  rv1::ReportSnapshot s;
  s.set_name(name);
  s.set_content_sha256(std::string(64, 'c'));
  s.mutable_draft()->set_org_unit("orgUnits/" + unit);
  s.mutable_draft()->set_template_(kTemplate);
  auto* p = s.mutable_draft()->mutable_period();
  p->mutable_start_date()->set_year(year);
  p->mutable_start_date()->set_month(1);
  p->mutable_start_date()->set_day(1);
  p->mutable_end_date()->set_year(year);
  p->mutable_end_date()->set_month(12);
  p->mutable_end_date()->set_day(31);
  rv1::Statistic* st = s.mutable_report()->add_statistics();
  st->set_name(kStatistic);
  st->set_label("Số tin phát thanh");
  st->set_unit(rv1::STATISTIC_UNIT_COUNT);
  st->set_value(news);
  s.mutable_report()->set_markdown("# Báo cáo của " + unit);
  s.mutable_report()->set_docx("PK-large-docx");
  return s;
}

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = hoptac::testing::TestDatabase::Create();
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = *std::move(created);
    db_ = test_db_->Connect(4);
    ASSERT_THAT(ApplyMigrations(*db_, GatewayMigrations()).status(), IsOk());
    store_ = std::make_unique<GatewayStore>(*db_);
    gateway_ = std::make_unique<Gateway>(*store_, sources_, reads_);
    gate_ = std::make_unique<AccessGate>(kService, db_.get(), tree_,
                                         [] { return absl::CivilDay(2026, 1, 1); });
    call_ = As(Role::kProvinceAdmin, "20", "admin.tinh");
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::ToChronoTime(absl::Now()));
  }

  // A call by `subject`, a `role` of `unit`, checked by the real gate.
  CallInfo As(Role role, const std::string& unit, const std::string& subject) {
    CallContext context;
    context.caller.subject = subject;
    context.caller.org_unit = unit;
    context.caller.role = role;
    context.actor = context.caller.Actor();
    context.method = absl::StrCat(kService, "/Test");
    context.deadline = absl::Now() + absl::Seconds(30);
    calls_.push_back(std::make_unique<BoundCall>(*gate_, std::move(context)));
    return CallInfoOf(calls_.back()->call, calls_.back()->access, "");
  }

  // The gRPC service in-process, and a stub to it.
  v1::GatewayService::Stub& Grpc(RateLimit limit = RateLimit{0, 1}) {
    TestTokens::Get();
    limiter_ = std::make_unique<RateLimiter>(limit);
    service_ = std::make_unique<GatewayService>(*gateway_, *gate_, limiter_.get());
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    stub_ = v1::GatewayService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
    return *stub_;
  }

  absl::StatusOr<std::vector<AuditEvent>> AuditTrail() {
    return ReadAuditEvents(*db_, AuditQuery{}, absl::Now() + absl::Seconds(10));
  }

  static v1::CreateReportingRoundRequest RoundRequest() {
    v1::CreateReportingRoundRequest request;
    v1::ReportingRound& r = *request.mutable_reporting_round();
    r.set_org_unit("orgUnits/20");
    auto* p = r.mutable_period();
    p->mutable_start_date()->set_year(2023);
    p->mutable_start_date()->set_month(1);
    p->mutable_start_date()->set_day(1);
    p->mutable_end_date()->set_year(2023);
    p->mutable_end_date()->set_month(12);
    p->mutable_end_date()->set_day(31);
    r.set_template_(kTemplate);
    r.set_request_letter("Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023");
    r.mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
    return request;
  }

  std::string CreateRound() {
    auto created = gateway_->CreateReportingRound(RoundRequest(), call_);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->reporting_round().name() : "";
  }

  absl::StatusOr<v1::SubmitToRoundResponse> Submit(const std::string& round,
                                                   const std::string& unit,
                                                   const std::string& snapshot) {
    v1::SubmitToRoundRequest request;
    request.set_reporting_round(round);
    request.set_org_unit("orgUnits/" + unit);
    request.set_snapshot(snapshot);
    return gateway_->SubmitToRound(request, call_);
  }

  std::unique_ptr<hoptac::testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<GatewayStore> store_;
  FakeSources sources_;
  NoReads reads_;
  std::unique_ptr<Gateway> gateway_;
  FakeTree tree_;
  std::unique_ptr<AccessGate> gate_;
  std::vector<std::unique_ptr<BoundCall>> calls_;
  CallInfo call_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<GatewayService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::GatewayService::Stub> stub_;
};

std::string Bearer(const std::string& token) { return "Bearer " + token; }

TEST_F(GatewayTest, ARoundExpectsTheProvincesChildrenAndDefaultsTheIssuingDepartment) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created, gateway_->CreateReportingRound(RoundRequest(), call_));
  const v1::ReportingRound& r = created.reporting_round();
  EXPECT_EQ(r.issuing_body(), "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH LẠNG SƠN");
  ASSERT_EQ(r.expected_units_size(), 2);
  EXPECT_EQ(r.expected_units(0).org_unit(), "orgUnits/180");
  EXPECT_EQ(r.data_window().start_date().year(), 2023);  // unset: the period
}

TEST_F(GatewayTest, TextIsStoredAsNfc) {
  auto request = RoundRequest();
  request.mutable_reporting_round()->set_title("Tổng hợp năm 2023");  // decomposed (NFD)
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created, gateway_->CreateReportingRound(request, call_));
  EXPECT_EQ(created.reporting_round().title(), "Tổng hợp năm 2023");
}

TEST_F(GatewayTest, BadRoundsAreRefusedNamingTheField) {
  auto no_letter = RoundRequest();
  no_letter.mutable_reporting_round()->clear_request_letter();
  EXPECT_THAT(gateway_->CreateReportingRound(no_letter, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.request_letter")));
  auto no_deadline = RoundRequest();
  no_deadline.mutable_reporting_round()->clear_deadline();
  EXPECT_THAT(gateway_->CreateReportingRound(no_deadline, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.deadline")));
  auto bad_period = RoundRequest();
  bad_period.mutable_reporting_round()->mutable_period()->mutable_end_date()->set_year(2022);
  EXPECT_THAT(gateway_->CreateReportingRound(bad_period, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.period")));
  auto bad_template = RoundRequest();
  bad_template.mutable_reporting_round()->set_template_("templates/none/versions/1");
  EXPECT_THAT(gateway_->CreateReportingRound(bad_template, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.template")));
  auto bad_unit = RoundRequest();
  bad_unit.mutable_reporting_round()->set_org_unit("orgUnits/183");  // the registry has none
  EXPECT_THAT(gateway_->CreateReportingRound(bad_unit, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.org_unit")));
  // A unit outside the caller's province is refused before the registry is asked.
  sources_.registry_up = false;
  bad_unit.mutable_reporting_round()->set_org_unit("orgUnits/99");
  EXPECT_THAT(gateway_->CreateReportingRound(bad_unit, call_),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(GatewayTest, AnUnreachableRegistryIsUnavailableAndNothingIsStored) {
  sources_.registry_up = false;
  EXPECT_THAT(gateway_->CreateReportingRound(RoundRequest(), call_),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto list, gateway_->ListReportingRounds({}, call_));
  EXPECT_EQ(list.reporting_rounds_size(), 0);
}

TEST_F(GatewayTest, AProvinceWithoutUnitsInThePeriodCannotOpenARound) {
  sources_.children.clear();
  EXPECT_THAT(gateway_->CreateReportingRound(RoundRequest(), call_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("orgUnits/20")));
}

TEST_F(GatewayTest, OnlyTheUnitsOwnReportForTheRoundsPeriodAndTemplateEnters) {
  const std::string round = CreateRound();
  sources_.snapshots["reportDrafts/1/snapshots/1"] = Snapshot("reportDrafts/1/snapshots/1", "183", 2023, 5);
  sources_.snapshots["reportDrafts/2/snapshots/1"] = Snapshot("reportDrafts/2/snapshots/1", "183", 2022, 5);
  rv1::ReportSnapshot other_template = Snapshot("reportDrafts/3/snapshots/1", "183", 2023, 5);
  other_template.mutable_draft()->set_template_("templates/khac/versions/1");
  sources_.snapshots["reportDrafts/3/snapshots/1"] = other_template;
  rv1::ReportSnapshot lacking = Snapshot("reportDrafts/4/snapshots/1", "183", 2023, 5);
  lacking.mutable_report()->clear_statistics();
  sources_.snapshots["reportDrafts/4/snapshots/1"] = lacking;

  EXPECT_THAT(Submit(round, "180", "reportDrafts/1/snapshots/1"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("orgUnits/183"), HasSubstr("orgUnits/180"))));
  EXPECT_THAT(Submit(round, "183", "reportDrafts/2/snapshots/1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("period")));
  EXPECT_THAT(Submit(round, "183", "reportDrafts/3/snapshots/1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("templates/khac")));
  EXPECT_THAT(Submit(round, "183", "reportDrafts/4/snapshots/1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(kStatistic)));
  EXPECT_THAT(Submit(round, "183", "reportDrafts/9/snapshots/9"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("snapshot")));
  EXPECT_THAT(Submit(round, "183", "drafts/1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("snapshot")));
  EXPECT_THAT(Submit(round, "06247", "reportDrafts/1/snapshots/1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("orgUnits/06247")));
  EXPECT_THAT(Submit("reportingRounds/999", "183", "reportDrafts/1/snapshots/1"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("reportingRounds/999")));

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto in, Submit(round, "183", "reportDrafts/1/snapshots/1"));
  EXPECT_EQ(in.submission().state(), v1::SUBMISSION_STATE_SUBMITTED_ON_TIME);
  ASSERT_EQ(in.submission().statistics_size(), 1);
  EXPECT_EQ(in.submission().statistics(0).value(), 5);
  EXPECT_EQ(in.submission().markdown(), "# Báo cáo của 183");
}

TEST_F(GatewayTest, ReturningNeedsAReason) {
  const std::string round = CreateRound();
  sources_.snapshots["reportDrafts/1/snapshots/1"] = Snapshot("reportDrafts/1/snapshots/1", "183", 2023, 5);
  ASSERT_THAT(Submit(round, "183", "reportDrafts/1/snapshots/1").status(), IsOk());
  v1::ReturnSubmissionRequest request;
  request.set_reporting_round(round);
  request.set_org_unit("orgUnits/183");
  request.set_reason("   ");
  EXPECT_THAT(gateway_->ReturnSubmission(request, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
}

TEST_F(GatewayTest, SubmissionsPageWithATokenBoundToTheFilters) {
  const std::string round = CreateRound();
  sources_.snapshots["reportDrafts/1/snapshots/1"] = Snapshot("reportDrafts/1/snapshots/1", "183", 2023, 5);
  sources_.snapshots["reportDrafts/2/snapshots/1"] = Snapshot("reportDrafts/2/snapshots/1", "180", 2023, 7);
  ASSERT_THAT(Submit(round, "183", "reportDrafts/1/snapshots/1").status(), IsOk());
  ASSERT_THAT(Submit(round, "180", "reportDrafts/2/snapshots/1").status(), IsOk());
  v1::ListSubmissionsRequest request;
  request.set_reporting_round(round);
  request.set_page_size(1);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto first, gateway_->ListSubmissions(request, call_));
  ASSERT_EQ(first.submissions_size(), 1);
  EXPECT_EQ(first.submissions(0).org_unit(), "orgUnits/180");
  request.set_page_token(first.next_page_token());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto second, gateway_->ListSubmissions(request, call_));
  ASSERT_EQ(second.submissions_size(), 1);
  EXPECT_EQ(second.submissions(0).org_unit(), "orgUnits/183");
  request.set_org_unit("orgUnits/183");
  EXPECT_THAT(gateway_->ListSubmissions(request, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(GatewayTest, HttpJsonRelaysToTheGrpcServiceAndMapsErrors) {
  const std::string round = CreateRound();
  v1::GetRoundStatusRequest request;
  request.set_reporting_round(round);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto direct, gateway_->GetRoundStatus(request, call_));
  auto& stub = Grpc();
  const std::string admin = Bearer(TestTokens::Get().Token(Role::kProvinceAdmin, "20", "admin"));
  const auto answer = HttpGateway::Handle(stub, limiter_.get(), "GetRoundStatus",
                                          "{\"reportingRound\":\"" + round + "\"}", admin,
                                          "10.0.0.1");
  ASSERT_EQ(answer.status, 200) << answer.body;
  v1::GetRoundStatusResponse via_http;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(answer.body, &via_http).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(direct, via_http));
  EXPECT_EQ(via_http.missing_units_size(), 2);

  const auto bad_name = HttpGateway::Handle(stub, nullptr, "GetRoundStatus",
                                            "{\"reportingRound\":\"rounds/1\"}", admin, "");
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_THAT(bad_name.body, HasSubstr("reporting_round"));
  const auto not_json = HttpGateway::Handle(stub, nullptr, "GetRoundStatus", "{", admin, "");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_THAT(not_json.body, HasSubstr("request body"));
  const auto unknown = HttpGateway::Handle(stub, nullptr, "DeleteEverything", "{}", admin, "");
  EXPECT_EQ(unknown.status, 404);
}

TEST_F(GatewayTest, HttpWithoutAValidTokenIs401AndOutsideTheUnitIs403) {
  const std::string round = CreateRound();
  auto& stub = Grpc();
  const std::string body = "{\"reportingRound\":\"" + round + "\"}";
  for (const std::string& authorization :
       {std::string(), std::string("Basic YWRtaW46YWRtaW4="), Bearer("not.a.token"),
        Bearer(TestTokens::Get().Token(Role::kProvinceAdmin, "20", "old", -absl::Hours(1)))}) {
    const auto answer = HttpGateway::Handle(stub, nullptr, "GetRoundStatus", body, authorization, "");
    EXPECT_EQ(answer.status, 401) << authorization;
    EXPECT_THAT(answer.body, HasSubstr("UNAUTHENTICATED"));
    EXPECT_THAT(answer.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                    "WWW-Authenticate", "Bearer")));
  }
  const auto officer = HttpGateway::Handle(
      stub, nullptr, "GetRoundStatus", body,
      Bearer(TestTokens::Get().Token(Role::kUnitOfficer, "183", "officer.caoloc")), "");
  EXPECT_EQ(officer.status, 403) << officer.body;
  EXPECT_THAT(officer.body, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(GatewayTest, OverTheRateLimitGrpcIsResourceExhaustedAndHttpIs429) {
  auto& stub = Grpc(RateLimit{1, 3});
  const std::string token = TestTokens::Get().Token(Role::kViewer, "183", "viewer.caoloc");
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", Bearer(token));
    v1::ListReportingRoundsResponse response;
    ASSERT_TRUE(stub.ListReportingRounds(&context, {}, &response).ok()) << i;
  }
  grpc::ClientContext context;
  context.AddMetadata("authorization", Bearer(token));
  v1::ListReportingRoundsResponse response;
  const grpc::Status refused = stub.ListReportingRounds(&context, {}, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("rate limit"));
  const auto http =
      HttpGateway::Handle(stub, limiter_.get(), "ListReportingRounds", "{}", Bearer(token), "");
  EXPECT_EQ(http.status, 429);
  EXPECT_THAT(http.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                "Retry-After", "1")));
  // Another caller has its own allowance.
  const auto other = HttpGateway::Handle(
      stub, limiter_.get(), "ListReportingRounds", "{}",
      Bearer(TestTokens::Get().Token(Role::kViewer, "180", "viewer.trangdinh")), "");
  EXPECT_EQ(other.status, 200) << other.body;
  // Without a token, the address is the caller.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(HttpGateway::Handle(stub, limiter_.get(), "ListReportingRounds", "{}", "", "10.0.0.9")
                  .status,
              401);
  }
  EXPECT_EQ(
      HttpGateway::Handle(stub, limiter_.get(), "ListReportingRounds", "{}", "", "10.0.0.9").status,
      429);
}

TEST_F(GatewayTest, OnlyTheProvinceOpensReturnsAndAcceptsAndNothingIsWrittenWhenRefused) {
  for (const CallInfo& call : {As(Role::kUnitOfficer, "183", "officer.caoloc"),
                               As(Role::kViewer, "20", "viewer.tinh"),
                               As(Role::kIntegrationClient, "20", "system.tinh")}) {
    EXPECT_THAT(gateway_->CreateReportingRound(RoundRequest(), call),
                StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_))
        << call.actor;
  }
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto none, gateway_->ListReportingRounds({}, call_));
  EXPECT_EQ(none.reporting_rounds_size(), 0);

  const std::string round = CreateRound();
  sources_.snapshots["reportDrafts/1/snapshots/1"] =
      Snapshot("reportDrafts/1/snapshots/1", "183", 2023, 5);
  ASSERT_THAT(Submit(round, "183", "reportDrafts/1/snapshots/1").status(), IsOk());
  v1::AcceptSubmissionRequest accept;
  accept.set_reporting_round(round);
  accept.set_org_unit("orgUnits/183");
  const CallInfo officer = As(Role::kUnitOfficer, "183", "officer.caoloc");
  EXPECT_THAT(gateway_->AcceptSubmission(accept, officer),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::ReturnSubmissionRequest give_back;
  give_back.set_reporting_round(round);
  give_back.set_org_unit("orgUnits/183");
  give_back.set_reason("Thiếu số liệu");
  EXPECT_THAT(gateway_->ReturnSubmission(give_back, officer),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::ListSubmissionsRequest list;
  list.set_reporting_round(round);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto submissions, gateway_->ListSubmissions(list, call_));
  ASSERT_EQ(submissions.submissions_size(), 1);
  EXPECT_EQ(submissions.submissions(0).state(), v1::SUBMISSION_STATE_SUBMITTED_ON_TIME);
  EXPECT_THAT(gateway_->AcceptSubmission(accept, call_).status(), IsOk());
}

TEST_F(GatewayTest, AUnitSubmitsForItselfOnlyAndReadsItsOwnSubmissionsOnly) {
  const std::string round = CreateRound();
  sources_.snapshots["reportDrafts/1/snapshots/1"] =
      Snapshot("reportDrafts/1/snapshots/1", "183", 2023, 5);
  sources_.snapshots["reportDrafts/2/snapshots/1"] =
      Snapshot("reportDrafts/2/snapshots/1", "180", 2023, 7);
  const CallInfo cao_loc = As(Role::kUnitOfficer, "183", "officer.caoloc");
  v1::SubmitToRoundRequest request;
  request.set_reporting_round(round);
  request.set_org_unit("orgUnits/180");
  request.set_snapshot("reportDrafts/2/snapshots/1");
  EXPECT_THAT(gateway_->SubmitToRound(request, cao_loc),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  request.set_org_unit("orgUnits/183");
  request.set_snapshot("reportDrafts/1/snapshots/1");
  ASSERT_THAT(gateway_->SubmitToRound(request, cao_loc).status(), IsOk());

  v1::ListSubmissionsRequest list;
  list.set_reporting_round(round);
  EXPECT_THAT(gateway_->ListSubmissions(list, cao_loc),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  list.set_org_unit("orgUnits/180");
  EXPECT_THAT(gateway_->ListSubmissions(list, cao_loc),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  list.set_org_unit("orgUnits/183");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto own, gateway_->ListSubmissions(list, cao_loc));
  EXPECT_EQ(own.submissions_size(), 1);

  // The round's status and consolidated report are the province's.
  v1::GetRoundStatusRequest status;
  status.set_reporting_round(round);
  EXPECT_THAT(gateway_->GetRoundStatus(status, cao_loc),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::BuildConsolidatedReportRequest build;
  build.set_reporting_round(round);
  EXPECT_THAT(gateway_->BuildConsolidatedReport(build, cao_loc),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  // Rounds are announced to every unit.
  v1::GetReportingRoundRequest get;
  get.set_name(round);
  EXPECT_THAT(gateway_->GetReportingRound(get, As(Role::kViewer, "180", "viewer")).status(),
              IsOk());
}

TEST_F(GatewayTest, EachMutationAppendsOneAuditEventAndARetryNone) {
  auto& stub = Grpc();
  const std::string admin = Bearer(TestTokens::Get().Token(Role::kProvinceAdmin, "20", "admin.tinh"));
  auto request = RoundRequest();
  request.set_request_id("round-audit");
  for (int attempt = 0; attempt < 2; ++attempt) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", admin);
    v1::CreateReportingRoundResponse response;
    ASSERT_TRUE(stub.CreateReportingRound(&context, request, &response).ok());
  }
  grpc::ClientContext refused_context;
  refused_context.AddMetadata(
      "authorization", Bearer(TestTokens::Get().Token(Role::kUnitOfficer, "183", "officer")));
  v1::CreateReportingRoundResponse refused;
  request.set_request_id("round-refused");
  EXPECT_EQ(stub.CreateReportingRound(&refused_context, request, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto events, AuditTrail());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].subject, "admin.tinh");
  EXPECT_EQ(events[0].role, "province_admin");
  EXPECT_EQ(events[0].org_unit, "20");
  EXPECT_EQ(events[0].method, "hoptac.gateway.v1.GatewayService/CreateReportingRound");
  EXPECT_EQ(events[0].resource, "reportingRounds/1");
  EXPECT_EQ(events[0].request_id, "round-audit");
  EXPECT_EQ(events[0].outcome, "OK");
  EXPECT_EQ(events[1].subject, "officer");
  EXPECT_EQ(events[1].outcome, "PERMISSION_DENIED");
  EXPECT_EQ(events[1].request_id, "round-refused");
}

TEST_F(GatewayTest, HostileTextIsRefusedNamingTheFieldOrStoredVerbatim) {
  auto huge = RoundRequest();
  huge.mutable_reporting_round()->set_title(std::string(1 << 20, 'a'));
  EXPECT_THAT(gateway_->CreateReportingRound(huge, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.title")));
  auto control = RoundRequest();
  control.mutable_reporting_round()->set_request_letter("Công văn\x01số 1");
  EXPECT_THAT(gateway_->CreateReportingRound(control, call_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("reporting_round.request_letter")));
  auto bad_code = RoundRequest();
  bad_code.mutable_reporting_round()->set_org_unit("orgUnits/20' OR '1'='1");
  EXPECT_THAT(gateway_->CreateReportingRound(bad_code, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.org_unit")));
  auto sql = RoundRequest();
  sql.mutable_reporting_round()->set_title("'; DROP TABLE rounds; --");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created, gateway_->CreateReportingRound(sql, call_));
  EXPECT_EQ(created.reporting_round().title(), "'; DROP TABLE rounds; --");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto list, gateway_->ListReportingRounds({}, call_));
  EXPECT_EQ(list.reporting_rounds_size(), 1);
}

TEST_F(GatewayTest, AUnitWithADraftButNothingSubmittedIsDraftAndStillMissing) {
  const std::string round = CreateRound();
  sources_.drafting = {"180", "183"};
  sources_.snapshots["reportDrafts/1/snapshots/1"] = Snapshot("reportDrafts/1/snapshots/1", "183", 2023, 5);
  ASSERT_THAT(Submit(round, "183", "reportDrafts/1/snapshots/1").status(), IsOk());
  v1::GetRoundStatusRequest request;
  request.set_reporting_round(round);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto status, gateway_->GetRoundStatus(request, call_));
  EXPECT_EQ(status.units(0).state(), v1::SUBMISSION_STATE_DRAFT);
  EXPECT_EQ(status.units(1).state(), v1::SUBMISSION_STATE_SUBMITTED_ON_TIME);  // not a draft
  EXPECT_EQ(status.draft_count(), 1);
  EXPECT_EQ(status.submitted_count(), 1);
  ASSERT_EQ(status.missing_units_size(), 1);
  EXPECT_EQ(status.missing_units(0).code(), "180");
}

}  // namespace
}  // namespace hoptac::gateway
