// The gateway's methods with fake sources (registry, report service) and a
// real store on a fresh MariaDB database: validation naming fields, the
// snapshot checks, pagination, and HTTP/JSON calling the same methods.
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
#include "services/common/migrations.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "services/gateway/gateway_migrations.h"
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
    call_.actor = "tester";
    call_.deadline = absl::Now() + absl::Seconds(30);
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
  CallInfo call_;
};

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
  bad_unit.mutable_reporting_round()->set_org_unit("orgUnits/99");
  EXPECT_THAT(gateway_->CreateReportingRound(bad_unit, call_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reporting_round.org_unit")));
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

TEST_F(GatewayTest, HttpJsonCallsTheSameMethodAndMapsErrors) {
  const std::string round = CreateRound();
  v1::GetRoundStatusRequest request;
  request.set_reporting_round(round);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto direct, gateway_->GetRoundStatus(request, call_));
  const auto answer = HttpGateway::Call(*gateway_, "GetRoundStatus",
                                        "{\"reportingRound\":\"" + round + "\"}", call_);
  ASSERT_EQ(answer.status, 200) << answer.body;
  v1::GetRoundStatusResponse via_http;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(answer.body, &via_http).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(direct, via_http));
  EXPECT_EQ(via_http.missing_units_size(), 2);
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

  const auto bad_name = HttpGateway::Call(*gateway_, "GetRoundStatus",
                                          "{\"reportingRound\":\"rounds/1\"}", call_);
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_THAT(bad_name.body, HasSubstr("reporting_round"));
  const auto not_json = HttpGateway::Call(*gateway_, "GetRoundStatus", "{", call_);
  EXPECT_EQ(not_json.status, 400);
  EXPECT_THAT(not_json.body, HasSubstr("request body"));
  const auto unknown = HttpGateway::Call(*gateway_, "DeleteEverything", "{}", call_);
  EXPECT_EQ(unknown.status, 404);
}

}  // namespace
}  // namespace hoptac::gateway
