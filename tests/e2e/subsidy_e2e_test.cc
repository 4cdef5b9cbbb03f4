// End-to-end tests of hoptac-subsidy: the real subsidy and registry binaries,
// each on its own fresh database, the registry with Lạng Sơn loaded, both
// serving mutual TLS and verifying bearer tokens as in a deployment. A
// cooperative beneficiary is checked in the registry over gRPC; with the
// registry stopped, calls that need it fail UNAVAILABLE naming it and write
// nothing. Security (issue 7): a unit officer writes in its subtree only,
// callers without a valid token are refused, every mutation is in the audit
// trail, and hostile input writes nothing. Callers are province
// administrators unless a test says otherwise. The suite shares one pair of
// processes; the test that stops the registry runs last.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "hoptac/common/v1/audit.grpc.pb.h"
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
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

namespace registry = ::hoptac::registry::v1;
namespace v1 = ::hoptac::subsidy::v1;
namespace audit = ::hoptac::common::v1;
using ::hoptac::common::v1::Date;
using ::hoptac::testing::Call;
using ::hoptac::testing::IsOk;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::ServiceProcessOptions;
using ::hoptac::testing::StartService;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::hoptac::testing::TestSecurity;
using ::testing::HasSubstr;

constexpr absl::Duration kStopTimeout = absl::Seconds(30);

constexpr char kProvince[] = "20";  // Tỉnh Lạng Sơn
constexpr char kCity[] = "178";     // Thành phố Lạng Sơn, Cao Lộc's sibling

constexpr char kCongSon[] = "Hợp tác xã Nông nghiệp Công Sơn";
constexpr char kCongSonNumber[] = "4900123456";
constexpr char kCaoLoc[] = "183";      // Huyện Cao Lộc (until 1 July 2025)
constexpr char kYenTrach[] = "06247";  // Xã Yên Trạch, in Cao Lộc

Date Day(int year, int month, int day) {
  Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

class SubsidyE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::unique_ptr<TestDatabase> registry_db;
    std::unique_ptr<TestDatabase> subsidy_db;
    std::unique_ptr<ServerProcess> registry;
    std::unique_ptr<ServerProcess> subsidy;
    std::unique_ptr<v1::SubsidyService::Stub> stub;  // as a province administrator
    std::unique_ptr<registry::RegistryService::Stub> registry_stub;
  };

  static void SetUpTestSuite() {
    shared_ = new Shared;
    auto registry_db = TestDatabase::Create();
    auto subsidy_db = TestDatabase::Create();
    ASSERT_TRUE(registry_db.ok()) << registry_db.status();
    ASSERT_TRUE(subsidy_db.ok()) << subsidy_db.status();
    shared_->registry_db = *std::move(registry_db);
    shared_->subsidy_db = *std::move(subsidy_db);

    const TestSecurity& security = TestSecurity::Get();
    const std::string admin = security.Token(Role::kProvinceAdmin, kProvince, "admin.langson");
    auto registry_process =
        StartService(ServiceProcessOptions("registry", *shared_->registry_db));
    ASSERT_TRUE(registry_process.ok()) << registry_process.status();
    shared_->registry = *std::move(registry_process);
    shared_->registry_stub = registry::RegistryService::NewStub(
        security.Channel(shared_->registry->LoopbackAddress(), admin));

    ProcessOptions s = ServiceProcessOptions("subsidy", *shared_->subsidy_db);
    s.args.push_back(absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress()));
    auto subsidy_process = StartService(std::move(s));
    ASSERT_TRUE(subsidy_process.ok()) << subsidy_process.status();
    shared_->subsidy = *std::move(subsidy_process);
    shared_->stub = v1::SubsidyService::NewStub(
        security.Channel(shared_->subsidy->LoopbackAddress(), admin));

    // The cooperative, registered in the registry over gRPC like an official would.
    registry::CreateCooperativeRequest create;
    registry::Cooperative& c = *create.mutable_cooperative();
    c.set_registration_number(kCongSonNumber);
    c.set_display_name(kCongSon);
    c.set_kind(registry::COOPERATIVE_KIND_COOPERATIVE);
    c.set_sector(registry::SECTOR_AGRICULTURE);
    c.set_org_unit(absl::StrCat("orgUnits/", kYenTrach));
    *c.mutable_establishment_date() = Day(2020, 3, 15);
    c.set_member_count(12);
    c.set_charter_capital_dong(500'000'000);
    create.set_request_id("e2e-congson");
    auto created = Call(*shared_->registry_stub,
                        &registry::RegistryService::Stub::CreateCooperative, create);
    ASSERT_TRUE(created.ok()) << created.status();

    v1::CreateProgramRequest program;
    v1::Program& p = *program.mutable_program();
    p.set_code("CL-NQ08-THANH-LAP");
    p.set_title("Hỗ trợ thành lập mới hợp tác xã");
    p.add_legal_basis("Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh");
    p.set_support_kind(v1::SUPPORT_KIND_ESTABLISHMENT);
    p.set_fund_source(v1::FUND_SOURCE_PROVINCIAL);
    p.set_org_unit_code(kCaoLoc);
    p.add_eligible_beneficiary_kinds(v1::BENEFICIARY_KIND_COOPERATIVE);
    v1::ProgramBudget& b = *p.add_budgets();
    b.set_fiscal_year(2023);
    b.set_budget_dong(120'000'000);
    *p.mutable_validity()->mutable_start_date() = Day(2020, 1, 1);
    *p.mutable_validity()->mutable_end_date() = Day(2023, 12, 31);
    program.set_request_id("e2e-program");
    auto made = Call(*shared_->stub, &v1::SubsidyService::Stub::CreateProgram, program);
    ASSERT_TRUE(made.ok()) << made.status();
  }

  static void TearDownTestSuite() {
    if (shared_ == nullptr) return;
    for (auto* process : {&shared_->subsidy, &shared_->registry}) {
      if (*process != nullptr && (*process)->Running()) {
        auto exit = (*process)->Terminate(kStopTimeout);
        EXPECT_TRUE(exit.ok() && exit->Success()) << (*process)->StderrTail();
      }
    }
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(shared_, nullptr);
    ASSERT_NE(shared_->stub, nullptr) << "the suite did not start";
  }

  v1::SubsidyService::Stub& stub() { return *shared_->stub; }

  // The subsidy service as a caller with `token` ("": none).
  static std::unique_ptr<v1::SubsidyService::Stub> StubWith(const std::string& token) {
    return v1::SubsidyService::NewStub(
        TestSecurity::Get().Channel(shared_->subsidy->LoopbackAddress(), token));
  }
  static std::unique_ptr<v1::SubsidyService::Stub> StubAs(Role role, const std::string& unit,
                                                          const std::string& subject) {
    return StubWith(TestSecurity::Get().Token(role, unit, subject));
  }
  static std::unique_ptr<audit::AuditService::Stub> AuditStubAs(Role role,
                                                                const std::string& unit) {
    return audit::AuditService::NewStub(TestSecurity::Get().Channel(
        shared_->subsidy->LoopbackAddress(), TestSecurity::Get().Token(role, unit)));
  }

  static v1::CreateProgramRequest ProgramRequest(const std::string& code,
                                                 const std::string& unit,
                                                 const std::string& request_id) {
    v1::CreateProgramRequest program;
    v1::Program& p = *program.mutable_program();
    p.set_code(code);
    p.set_title("Hỗ trợ xúc tiến thương mại");
    p.add_legal_basis("Nghị quyết số 15/2021/NQ-HĐND ngày 17/7/2021 của HĐND tỉnh Lạng Sơn");
    p.set_support_kind(v1::SUPPORT_KIND_MARKET_EXPANSION);
    p.set_fund_source(v1::FUND_SOURCE_PROVINCIAL);
    p.set_org_unit_code(unit);
    p.add_eligible_beneficiary_kinds(v1::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS);
    v1::ProgramBudget& b = *p.add_budgets();
    b.set_fiscal_year(2023);
    b.set_budget_dong(50'000'000);
    *p.mutable_validity()->mutable_start_date() = Day(2023, 1, 1);
    *p.mutable_validity()->mutable_end_date() = Day(2023, 12, 31);
    program.set_request_id(request_id);
    return program;
  }

  static v1::CreateBeneficiaryRequest HouseholdRequest(const std::string& tax_code,
                                                       const std::string& name,
                                                       const std::string& unit,
                                                       const std::string& request_id) {
    v1::CreateBeneficiaryRequest request;
    v1::Beneficiary& b = *request.mutable_beneficiary();
    b.set_kind(v1::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS);
    b.set_tax_code(tax_code);
    b.set_display_name(name);
    b.set_org_unit_code(unit);
    request.set_request_id(request_id);
    return request;
  }

  // How many records the lists show a province administrator.
  struct Counts {
    int programs = 0;
    int beneficiaries = 0;
    int grants = 0;
    int entries = 0;
    bool operator==(const Counts& o) const {
      return programs == o.programs && beneficiaries == o.beneficiaries && grants == o.grants &&
             entries == o.entries;
    }
  };
  Counts Count() {
    Counts counts;
    v1::ListProgramsRequest programs;
    programs.set_page_size(500);
    auto p = Call(stub(), &v1::SubsidyService::Stub::ListPrograms, programs);
    v1::ListBeneficiariesRequest beneficiaries;
    beneficiaries.set_page_size(500);
    auto b = Call(stub(), &v1::SubsidyService::Stub::ListBeneficiaries, beneficiaries);
    v1::ListGrantsRequest grants;
    grants.set_page_size(500);
    auto g = Call(stub(), &v1::SubsidyService::Stub::ListGrants, grants);
    v1::ListLedgerEntriesRequest entries;
    entries.set_page_size(1000);
    auto e = Call(stub(), &v1::SubsidyService::Stub::ListLedgerEntries, entries);
    EXPECT_TRUE(p.ok() && b.ok() && g.ok() && e.ok());
    if (p.ok()) counts.programs = p->programs_size();
    if (b.ok()) counts.beneficiaries = b->beneficiaries_size();
    if (g.ok()) counts.grants = g->grants_size();
    if (e.ok()) counts.entries = e->entries_size();
    return counts;
  }

  absl::StatusOr<v1::CreateBeneficiaryResponse> CreateCooperativeBeneficiary(
      const std::string& number, const std::string& request_id) {
    v1::CreateBeneficiaryRequest request;
    request.mutable_beneficiary()->set_kind(v1::BENEFICIARY_KIND_COOPERATIVE);
    request.mutable_beneficiary()->set_registration_number(number);
    request.set_request_id(request_id);
    return Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary, request);
  }

  absl::StatusOr<v1::ApplyForGrantResponse> Apply(const std::string& beneficiary,
                                                  const std::string& request_id) {
    v1::ApplyForGrantRequest apply;
    apply.set_program("programs/CL-NQ08-THANH-LAP");
    apply.set_beneficiary(beneficiary);
    apply.set_fiscal_year(2023);
    *apply.mutable_application_date() = Day(2023, 2, 1);
    apply.set_requested_dong(20'000'000);
    apply.set_request_id(request_id);
    return Call(stub(), &v1::SubsidyService::Stub::ApplyForGrant, apply);
  }

  absl::StatusOr<v1::ApproveGrantResponse> Approve(const std::string& grant, const Date& day,
                                                   const std::string& request_id) {
    v1::ApproveGrantRequest approve;
    approve.set_name(grant);
    approve.set_decision_number("125/QĐ-UBND");
    *approve.mutable_decision_date() = day;
    approve.set_approved_dong(20'000'000);
    approve.set_request_id(request_id);
    return Call(stub(), &v1::SubsidyService::Stub::ApproveGrant, approve);
  }

  static Shared* shared_;
};

SubsidyE2eTest::Shared* SubsidyE2eTest::shared_ = nullptr;

TEST_F(SubsidyE2eTest, CooperativeBeneficiaryIsTakenFromTheRegistry) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created, CreateCooperativeBeneficiary(kCongSonNumber, "b-1"));
  EXPECT_EQ(created.beneficiary().display_name(), kCongSon);
  EXPECT_EQ(created.beneficiary().org_unit_code(), kYenTrach);
  // Unknown to the registry: refused, nothing recorded.
  EXPECT_THAT(CreateCooperativeBeneficiary("4900999999", "b-2"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("registration_number")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto listed, Call(stub(), &v1::SubsidyService::Stub::ListBeneficiaries,
                        v1::ListBeneficiariesRequest()));
  EXPECT_EQ(listed.beneficiaries_size(), 1);
}

TEST_F(SubsidyE2eTest, ApprovalNeedsTheCooperativeToExistOnTheDecisionDate) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto listed, Call(stub(), &v1::SubsidyService::Stub::ListBeneficiaries,
                        v1::ListBeneficiariesRequest()));
  ASSERT_EQ(listed.beneficiaries_size(), 1);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto applied, Apply(listed.beneficiaries(0).name(), "g-1"));
  // Before its establishment (15/3/2020) the registry does not know it.
  EXPECT_THAT(Approve(applied.grant().name(), Day(2020, 3, 1), "a-0"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("did not exist")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto approved, Approve(applied.grant().name(), Day(2023, 4, 5),
                                                     "a-1"));
  EXPECT_EQ(approved.grant().state(), v1::GRANT_STATE_APPROVED);

  v1::RecordDisbursementRequest pay;
  pay.set_grant(applied.grant().name());
  pay.set_amount_dong(20'000'000);
  *pay.mutable_entry_date() = Day(2023, 5, 10);
  pay.set_request_id("pay-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto paid,
                              Call(stub(), &v1::SubsidyService::Stub::RecordDisbursement, pay));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto again,
                              Call(stub(), &v1::SubsidyService::Stub::RecordDisbursement, pay));
  EXPECT_EQ(again.entry().name(), paid.entry().name());

  // Statistics for the district's subtree (the commune counts under it in 2023).
  v1::GetSubsidyStatisticsRequest stats;
  stats.set_org_unit_code(kCaoLoc);
  *stats.mutable_period()->mutable_start_date() = Day(2023, 1, 1);
  *stats.mutable_period()->mutable_end_date() = Day(2023, 12, 31);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto figures, Call(stub(), &v1::SubsidyService::Stub::GetSubsidyStatistics, stats));
  ASSERT_EQ(figures.programs_size(), 1);
  EXPECT_EQ(figures.programs(0).figures().approved_grants(), 1);
  EXPECT_EQ(figures.programs(0).figures().disbursed_net_dong(), 20'000'000);
  ASSERT_EQ(figures.programs(0).figures().beneficiaries_size(), 1);
  EXPECT_EQ(figures.programs(0).figures().beneficiaries(0).count(), 1);
}

TEST_F(SubsidyE2eTest, BadInputIsInvalidArgumentNamingTheField) {
  v1::RecordDisbursementRequest pay;
  pay.set_grant("grants/1");
  pay.set_amount_dong(1);
  *pay.mutable_entry_date() = Day(2023, 5, 10);
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::RecordDisbursement, pay),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  pay.set_request_id("bad-1");
  pay.set_grant("grants/abc");
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::RecordDisbursement, pay),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("grant")));
  v1::RecordDisbursementBatchRequest batch;
  v1::BatchDisbursement& d = *batch.add_disbursements();
  d.set_grant("grants/1");
  d.set_amount_dong(100);
  *batch.mutable_entry_date() = Day(2023, 5, 10);
  batch.set_control_count(1);
  batch.set_control_sum_dong(99);
  batch.set_request_id("batch-bad");
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::RecordDisbursementBatch, batch),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control_sum_dong")));
}

TEST_F(SubsidyE2eTest, AUnitOfficerWritesInItsDistrictAndCommunesButNotInAnotherDistrict) {
  auto officer = StubAs(Role::kUnitOfficer, kCaoLoc, "officer.caoloc");
  // In Cao Lộc itself and in its commune Yên Trạch.
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto program, Call(*officer, &v1::SubsidyService::Stub::CreateProgram,
                         ProgramRequest("CL-XTTM", kCaoLoc, "officer-program")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto household,
      Call(*officer, &v1::SubsidyService::Stub::CreateBeneficiary,
           HouseholdRequest("4800100001", "Hộ kinh doanh Hoàng Văn Tư", kYenTrach,
                            "officer-household")));
  v1::ApplyForGrantRequest apply;
  apply.set_program(program.program().name());
  apply.set_beneficiary(household.beneficiary().name());
  apply.set_fiscal_year(2023);
  *apply.mutable_application_date() = Day(2023, 3, 1);
  apply.set_requested_dong(3'000'000);
  apply.set_request_id("officer-apply");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto applied,
                              Call(*officer, &v1::SubsidyService::Stub::ApplyForGrant, apply));
  v1::ApproveGrantRequest approve;
  approve.set_name(applied.grant().name());
  approve.set_decision_number("88/QĐ-UBND");
  *approve.mutable_decision_date() = Day(2023, 4, 1);
  approve.set_approved_dong(3'000'000);
  approve.set_request_id("officer-approve");
  EXPECT_THAT(Call(*officer, &v1::SubsidyService::Stub::ApproveGrant, approve), IsOk());

  // The city's program, made by the province: the officer may not touch it.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto city_program,
                              Call(stub(), &v1::SubsidyService::Stub::CreateProgram,
                                   ProgramRequest("TP-XTTM", kCity, "admin-city-program")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto city_household,
      Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary,
           HouseholdRequest("4800100002", "Hộ kinh doanh Vi Thị Năm", kCity, "admin-city-hh")));
  apply.set_program(city_program.program().name());
  apply.set_beneficiary(city_household.beneficiary().name());
  apply.set_request_id("admin-city-apply");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto city_grant,
                              Call(stub(), &v1::SubsidyService::Stub::ApplyForGrant, apply));
  const Counts before = Count();

  EXPECT_THAT(Call(*officer, &v1::SubsidyService::Stub::CreateProgram,
                   ProgramRequest("TP-KHAC", kCity, "officer-city-program")),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr(kCaoLoc)));
  EXPECT_THAT(Call(*officer, &v1::SubsidyService::Stub::CreateBeneficiary,
                   HouseholdRequest("4800100003", "Hộ kinh doanh Lục Văn Sáu", kCity,
                                    "officer-city-hh")),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  apply.set_request_id("officer-city-apply");
  EXPECT_THAT(Call(*officer, &v1::SubsidyService::Stub::ApplyForGrant, apply),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::RejectGrantRequest reject;
  reject.set_name(city_grant.grant().name());
  reject.set_reason("Không đủ điều kiện");
  reject.set_request_id("officer-city-reject");
  EXPECT_THAT(Call(*officer, &v1::SubsidyService::Stub::RejectGrant, reject),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::GetGrantRequest get;
  get.set_name(city_grant.grant().name());
  EXPECT_THAT(Call(*officer, &v1::SubsidyService::Stub::GetGrant, get),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));

  // The refused writes changed nothing.
  EXPECT_TRUE(Count() == before);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto city_grant_now,
                              Call(stub(), &v1::SubsidyService::Stub::GetGrant, get));
  EXPECT_EQ(city_grant_now.grant().state(), v1::GRANT_STATE_APPLIED);
  v1::GetProgramRequest missing;
  missing.set_name("programs/TP-KHAC");
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::GetProgram, missing),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  // And the officer's lists show its own subtree only.
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto officer_grants,
      Call(*officer, &v1::SubsidyService::Stub::ListGrants, v1::ListGrantsRequest()));
  for (const v1::Grant& g : officer_grants.grants()) {
    EXPECT_NE(g.name(), city_grant.grant().name());
  }
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto officer_beneficiaries,
      Call(*officer, &v1::SubsidyService::Stub::ListBeneficiaries,
           v1::ListBeneficiariesRequest()));
  for (const v1::Beneficiary& b : officer_beneficiaries.beneficiaries()) {
    EXPECT_NE(b.org_unit_code(), kCity) << b.name();
  }
}

TEST_F(SubsidyE2eTest, MissingExpiredOrForgedTokenIsUnauthenticated) {
  const TestSecurity& security = TestSecurity::Get();
  const Counts before = Count();
  for (const std::string& token :
       {std::string(), security.Token(Role::kProvinceAdmin, kProvince, "admin.langson",
                                      -absl::Minutes(10)),
        security.ForgedToken(Role::kProvinceAdmin, kProvince)}) {
    auto caller = StubWith(token);
    EXPECT_THAT(Call(*caller, &v1::SubsidyService::Stub::CreateProgram,
                     ProgramRequest("NO-TOKEN", kCaoLoc, "no-token")),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
    v1::GetProgramRequest get;
    get.set_name("programs/CL-NQ08-THANH-LAP");
    EXPECT_THAT(Call(*caller, &v1::SubsidyService::Stub::GetProgram, get),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
  }
  EXPECT_TRUE(Count() == before);
}

TEST_F(SubsidyE2eTest, AMutationIsInTheAuditTrailForProvinceAdministratorsOnly) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto created,
      Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary,
           HouseholdRequest("4800100010", "Hộ kinh doanh Chu Văn Bảy", kYenTrach, "audit-hh")));
  auto audit_admin = AuditStubAs(Role::kProvinceAdmin, kProvince);
  audit::ListAuditEventsRequest query;
  query.set_resource(created.beneficiary().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto events, Call(*audit_admin, &audit::AuditService::Stub::ListAuditEvents, query));
  ASSERT_EQ(events.events_size(), 1);
  const audit::AuditEvent& event = events.events(0);
  EXPECT_EQ(event.subject(), "admin.langson");
  EXPECT_EQ(event.role(), "province_admin");
  EXPECT_EQ(event.org_unit(), kProvince);
  EXPECT_EQ(event.method(), "hoptac.subsidy.v1.SubsidyService/CreateBeneficiary");
  EXPECT_EQ(event.resource(), created.beneficiary().name());
  EXPECT_EQ(event.request_id(), "audit-hh");
  EXPECT_EQ(event.outcome(), "OK");
  // A retry returns the original and appends nothing.
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary,
                   HouseholdRequest("4800100010", "Hộ kinh doanh Chu Văn Bảy", kYenTrach,
                                    "audit-hh")),
              IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto again, Call(*audit_admin, &audit::AuditService::Stub::ListAuditEvents, query));
  EXPECT_EQ(again.events_size(), 1);

  auto audit_officer = AuditStubAs(Role::kUnitOfficer, kCaoLoc);
  EXPECT_THAT(Call(*audit_officer, &audit::AuditService::Stub::ListAuditEvents, query),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(SubsidyE2eTest, HostileInputIsStoredVerbatimOrRefusedAndWritesNothing) {
  // SQL metacharacters are text like any other.
  const std::string injection = "Hộ kinh doanh '; DROP TABLE beneficiaries; --";
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto stored, Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary,
                        HouseholdRequest("4800100020", injection, kYenTrach, "hostile-sql")));
  v1::GetBeneficiaryRequest get;
  get.set_name(stored.beneficiary().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto read,
                              Call(stub(), &v1::SubsidyService::Stub::GetBeneficiary, get));
  EXPECT_EQ(read.beneficiary().display_name(), injection);
  const Counts before = Count();

  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary,
                   HouseholdRequest("4800100021", std::string(1 << 20, 'a'), kYenTrach,
                                    "hostile-long")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("beneficiary.display_name")));
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::CreateBeneficiary,
                   HouseholdRequest("4800100022", "Hộ kinh doanh\x07\x1b[2J", kYenTrach,
                                    "hostile-control")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("beneficiary.display_name")));
  v1::ApplyForGrantRequest apply;
  apply.set_program("programs/CL-NQ08-THANH-LAP");
  apply.set_beneficiary(stored.beneficiary().name());
  apply.set_fiscal_year(2023);
  *apply.mutable_application_date() = Day(2023, 3, 1);
  for (int64_t amount : {int64_t{-20'000'000}, std::numeric_limits<int64_t>::max()}) {
    apply.set_requested_dong(amount);
    apply.set_request_id(absl::StrCat("hostile-amount-", amount));
    EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::ApplyForGrant, apply),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("requested_dong")));
  }
  v1::RecordDisbursementRequest pay;
  pay.set_grant("grants/1");
  pay.set_amount_dong(std::numeric_limits<int64_t>::max());
  *pay.mutable_entry_date() = Day(2023, 5, 10);
  pay.set_request_id("hostile-pay");
  EXPECT_THAT(Call(stub(), &v1::SubsidyService::Stub::RecordDisbursement, pay),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("amount_dong")));
  EXPECT_TRUE(Count() == before);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto read_again,
                              Call(stub(), &v1::SubsidyService::Stub::GetBeneficiary, get));
  EXPECT_EQ(read_again.beneficiary().display_name(), injection);
}

// Runs last: stops the registry.
TEST_F(SubsidyE2eTest, RegistryDownIsUnavailableNamingItAndWritesNothing) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto listed, Call(stub(), &v1::SubsidyService::Stub::ListBeneficiaries,
                        v1::ListBeneficiariesRequest()));
  ASSERT_GE(listed.beneficiaries_size(), 1);
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto applied, Apply(listed.beneficiaries(0).name(), "g-down"));

  HOPTAC_ASSERT_OK_AND_ASSIGN(auto exit, shared_->registry->Terminate(kStopTimeout));
  EXPECT_TRUE(exit.Success()) << exit.ToString();

  EXPECT_THAT(Approve(applied.grant().name(), Day(2023, 6, 1), "a-down"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
  v1::GetGrantRequest get;
  get.set_name(applied.grant().name());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto grant, Call(stub(), &v1::SubsidyService::Stub::GetGrant, get));
  EXPECT_EQ(grant.grant().state(), v1::GRANT_STATE_APPLIED);
  v1::GetProgramRequest program;
  program.set_name("programs/CL-NQ08-THANH-LAP");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto p, Call(stub(), &v1::SubsidyService::Stub::GetProgram, program));
  ASSERT_EQ(p.program().budgets_size(), 1);
  EXPECT_EQ(p.program().budgets(0).approved_dong(), 20'000'000);  // only the earlier approval

  EXPECT_THAT(CreateCooperativeBeneficiary("4900123457", "b-down"),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto after, Call(stub(), &v1::SubsidyService::Stub::ListBeneficiaries,
                       v1::ListBeneficiariesRequest()));
  EXPECT_EQ(after.beneficiaries_size(), listed.beneficiaries_size());

  // Retries of requests applied while the registry was up find the request
  // log before the registry: the original results, not UNAVAILABLE.
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created_again,
                              CreateCooperativeBeneficiary(kCongSonNumber, "b-1"));
  EXPECT_EQ(created_again.beneficiary().display_name(), kCongSon);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto grants, Call(stub(), &v1::SubsidyService::Stub::ListGrants, v1::ListGrantsRequest()));
  ASSERT_GE(grants.grants_size(), 1);  // the first is the one approved by "a-1"
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto approved_again,
                              Approve(grants.grants(0).name(), Day(2023, 4, 5), "a-1"));
  EXPECT_EQ(approved_again.grant().state(), v1::GRANT_STATE_APPROVED);
  EXPECT_EQ(approved_again.grant().decision_number(), "125/QĐ-UBND");
}

}  // namespace
}  // namespace hoptac::e2e
