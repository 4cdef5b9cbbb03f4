// End-to-end tests of hoptac-subsidy: the real subsidy and registry binaries,
// each on its own fresh database, the registry with Lạng Sơn loaded. A
// cooperative beneficiary is checked in the registry over gRPC; with the
// registry stopped, calls that need it fail UNAVAILABLE naming it and write
// nothing. The suite shares one pair of processes; the test that stops the
// registry runs last.
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
#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/testing/status_matchers.h"
#include "services/common/testing/test_database.h"
#include "tests/support/server_process.h"

namespace hoptac::e2e {
namespace {

namespace registry = ::hoptac::registry::v1;
namespace v1 = ::hoptac::subsidy::v1;
using ::hoptac::common::v1::Date;
using ::hoptac::testing::IsOk;
using ::hoptac::testing::ProcessOptions;
using ::hoptac::testing::ServerProcess;
using ::hoptac::testing::StatusIs;
using ::hoptac::testing::TestDatabase;
using ::testing::HasSubstr;

constexpr char kRegistryBinary[] = HOPTAC_BINARY_DIR "/services/registry/hoptac-registry";
constexpr char kSubsidyBinary[] = HOPTAC_BINARY_DIR "/services/subsidy/hoptac-subsidy";
constexpr char kAdminUnitsDir[] = HOPTAC_SOURCE_DIR "/data/admin-units";
constexpr absl::Duration kStartTimeout = absl::Seconds(60);
constexpr absl::Duration kStopTimeout = absl::Seconds(30);

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

ProcessOptions BaseOptions(const std::string& binary, const TestDatabase& db) {
  ProcessOptions options;
  options.binary = binary;
  options.args = {"--listen=127.0.0.1:0", absl::StrCat("--mysql_dsn=", db.DsnWithoutPassword()),
                  "--shutdown_grace=5s", "--db_pool_size=8"};
  options.env = {{"HOPTAC_MYSQL_PASSWORD", db.dsn().password}};
  options.drop_env_prefixes = {"HOPTAC_"};
  return options;
}

absl::StatusOr<std::unique_ptr<ServerProcess>> Start(ProcessOptions options) {
  auto process = ServerProcess::Start(std::move(options));
  if (!process.ok()) return process.status();
  if (auto port = (*process)->WaitUntilListening(kStartTimeout); !port.ok()) {
    return port.status();
  }
  return process;
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Call(Stub& stub,
                              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                           Response*),
                              const Request& request) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

class SubsidyE2eTest : public ::testing::Test {
 protected:
  struct Shared {
    std::unique_ptr<TestDatabase> registry_db;
    std::unique_ptr<TestDatabase> subsidy_db;
    std::unique_ptr<ServerProcess> registry;
    std::unique_ptr<ServerProcess> subsidy;
    std::unique_ptr<v1::SubsidyService::Stub> stub;
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

    ProcessOptions r = BaseOptions(kRegistryBinary, *shared_->registry_db);
    r.args.push_back(absl::StrCat("--admin_units_dir=", kAdminUnitsDir));
    r.args.push_back("--load_provinces=20");
    auto registry_process = Start(std::move(r));
    ASSERT_TRUE(registry_process.ok()) << registry_process.status();
    shared_->registry = *std::move(registry_process);
    shared_->registry_stub = registry::RegistryService::NewStub(grpc::CreateChannel(
        shared_->registry->LoopbackAddress(), grpc::InsecureChannelCredentials()));

    ProcessOptions s = BaseOptions(kSubsidyBinary, *shared_->subsidy_db);
    s.args.push_back(absl::StrCat("--registry_address=", shared_->registry->LoopbackAddress()));
    auto subsidy_process = Start(std::move(s));
    ASSERT_TRUE(subsidy_process.ok()) << subsidy_process.status();
    shared_->subsidy = *std::move(subsidy_process);
    shared_->stub = v1::SubsidyService::NewStub(grpc::CreateChannel(
        shared_->subsidy->LoopbackAddress(), grpc::InsecureChannelCredentials()));

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
