// The handlers over a real in-process gRPC server and a real database, with
// the registry unreachable (a closed port): decoding, INVALID_ARGUMENT naming
// the field, pagination, that only registry beneficiaries need the registry,
// and the access gate (tokens, roles, the audit trail) where no org-unit tree
// is needed. Callers are province administrators unless a test says otherwise.
#include <cstdint>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/auth/bearer_token.h"
#include "services/common/auth/call_identity.h"
#include "services/common/auth/caller_scope.h"
#include "services/common/auth/testing/test_keys.h"
#include "services/common/grpc_status.h"
#include "services/common/request_log.h"
#include "services/subsidy/subsidy_mapping.h"
#include "services/subsidy/subsidy_service.h"
#include "services/subsidy/subsidy_store_fixture.h"

namespace hoptac::subsidy {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

// The signing key tokens are made with and the process's verifier, made once.
class TestTokens {
 public:
  static const TestTokens& Get() {
    static const TestTokens* const tokens = new TestTokens;
    return *tokens;
  }

  std::string Token(Role role, const std::string& unit,
                    absl::Duration ttl = absl::Hours(1)) const {
    return Sign(keys_.private_pem, role, unit, ttl);
  }
  // The same claims signed by a key nobody trusts.
  std::string Forged(Role role, const std::string& unit) const {
    return Sign(forging_keys_.private_pem, role, unit, absl::Hours(1));
  }

 private:
  TestTokens() {
    TokenVerifierOptions options;
    options.keys.push_back({"", keys_.public_pem});
    verifier_ = *TokenVerifier::Create(options);
    SetCallerVerifierForTesting(verifier_.get());
  }

  static std::string Sign(const std::string& private_pem, Role role, const std::string& unit,
                          absl::Duration ttl) {
    TokenClaims claims;
    claims.subject = absl::StrCat("tester.", RoleName(role));
    claims.org_unit = unit;
    claims.role = role;
    claims.issued_at = absl::Now() - absl::Hours(2);
    claims.expires = absl::Now() + ttl;
    return *SignToken(claims, private_pem);
  }

  hoptac::testing::TestKeyPair keys_ = hoptac::testing::GenerateTestKeyPair("EC");
  hoptac::testing::TestKeyPair forging_keys_ = hoptac::testing::GenerateTestKeyPair("EC");
  std::unique_ptr<TokenVerifier> verifier_;
};

// Lạng Sơn as the access policy sees it: the province (20), the districts
// TP Lạng Sơn (178) and Cao Lộc (183), Cao Lộc's commune Yên Trạch (06247).
class LangSonTree : public OrgUnitTree {
 public:
  absl::StatusOr<std::vector<std::string>> SubtreeCodes(const grpc::ServerContextBase*,
                                                        absl::string_view code,
                                                        absl::CivilDay) const override {
    if (code == "20") return std::vector<std::string>{"20", "178", "183", "06247"};
    if (code == "183") return std::vector<std::string>{"183", "06247"};
    if (code == "178" || code == "06247") return std::vector<std::string>{std::string(code)};
    return absl::NotFoundError(absl::StrCat("orgUnits/", code, " does not exist"));
  }
};

class SubsidyServiceTest : public SubsidyStoreTest {
 protected:
  void SetUp() override {
    SubsidyStoreTest::SetUp();
    token_ = TestTokens::Get().Token(Role::kProvinceAdmin, "20");
    registry_ = std::make_unique<RegistryClient>("127.0.0.1:1");  // nothing listens there
    service_ = std::make_unique<SubsidyService>(
        *store_, *registry_, [] { return absl::CivilDay(2026, 11, 29); }, *db_, &tree_);
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::SubsidyService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    ASSERT_TRUE(store_->CreateProgram(MakeProgram("P1", 100'000'000), Mutation(), Deadline()).ok());
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (v1::SubsidyService::Stub::*method)(grpc::ClientContext*, const Request&,
                                                        Response*),
      const Request& request) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    if (!token_.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    Response response;
    const grpc::Status status = ((*stub_).*method)(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    return response;
  }

  v1::ApplyForGrantRequest ApplyRequest(int64_t beneficiary) {
    v1::ApplyForGrantRequest r;
    r.set_program("programs/P1");
    r.set_beneficiary(absl::StrCat("beneficiaries/", beneficiary));
    r.set_fiscal_year(2023);
    r.mutable_application_date()->set_year(2023);
    r.mutable_application_date()->set_month(3);
    r.mutable_application_date()->set_day(1);
    r.set_requested_dong(1'000'000);
    return r;
  }

  // The caller's token ("": none).
  std::string token_;
  LangSonTree tree_;
  std::unique_ptr<RegistryClient> registry_;
  std::unique_ptr<SubsidyService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::SubsidyService::Stub> stub_;
};

TEST_F(SubsidyServiceTest, BadInputIsInvalidArgumentNamingTheField) {
  v1::ApplyForGrantRequest r = ApplyRequest(MakeBeneficiary("4800000001").id);
  r.set_requested_dong(0);
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("requested_dong")));
  r = ApplyRequest(1);
  r.clear_application_date();
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("application_date")));
  r = ApplyRequest(1);
  r.set_beneficiary("cooperatives/1");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, r),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("beneficiary")));
  v1::CreateProgramRequest program;
  program.mutable_program()->set_code("P2");
  program.mutable_program()->set_title("Hỗ trợ");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::CreateProgram, program),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("program.")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM grants"), 0);
}

TEST_F(SubsidyServiceTest, HouseholdBusinessNeedsNoRegistryButACooperativeDoes) {
  v1::CreateBeneficiaryRequest household;
  household.mutable_beneficiary()->set_kind(v1::BENEFICIARY_KIND_HOUSEHOLD_BUSINESS);
  household.mutable_beneficiary()->set_tax_code("4800000002");
  household.mutable_beneficiary()->set_display_name("Hộ kinh doanh Nông Văn A");
  household.mutable_beneficiary()->set_org_unit_code("06247");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto created,
                              Call(&v1::SubsidyService::Stub::CreateBeneficiary, household));
  int64_t id = 0;
  ASSERT_TRUE(absl::SimpleAtoi(created.beneficiary().name().substr(14), &id));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto applied,
                              Call(&v1::SubsidyService::Stub::ApplyForGrant, ApplyRequest(id)));
  v1::ApproveGrantRequest approve;
  approve.set_name(applied.grant().name());
  approve.set_decision_number("7/QĐ-UBND");
  approve.mutable_decision_date()->set_year(2023);
  approve.mutable_decision_date()->set_month(4);
  approve.mutable_decision_date()->set_day(1);
  approve.set_approved_dong(1'000'000);
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApproveGrant, approve), IsOk());

  v1::CreateBeneficiaryRequest cooperative;
  cooperative.mutable_beneficiary()->set_kind(v1::BENEFICIARY_KIND_COOPERATIVE);
  cooperative.mutable_beneficiary()->set_registration_number("4900123456");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::CreateBeneficiary, cooperative),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("registry")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM beneficiaries"), 1);
}

// The registry is down (as in every test here). Each request below was first
// applied while it was up (simulated through the store, with the fingerprint
// the handler computes); its retry must find the request log before it asks
// the registry, and answer with the original result.
TEST_F(SubsidyServiceTest, RetryOfAnAppliedRegistryCheckedMutationNeedsNoRegistry) {
  v1::CreateProgramRequest program;
  program.set_request_id("program-1");
  ProgramToProto(MakeProgram("P2", 50'000'000), program.mutable_program());
  ASSERT_THAT(store_->CreateProgram(MakeProgram("P2", 50'000'000),
                                    Mutation("program-1", RequestFingerprint(program)),
                                    Deadline()),
              IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto program_again,
                              Call(&v1::SubsidyService::Stub::CreateProgram, program));
  EXPECT_EQ(program_again.program().name(), "programs/P2");

  v1::CreateBeneficiaryRequest cooperative;
  cooperative.set_request_id("beneficiary-1");
  cooperative.mutable_beneficiary()->set_kind(v1::BENEFICIARY_KIND_COOPERATIVE);
  cooperative.mutable_beneficiary()->set_registration_number("4900123456");
  Beneficiary b;
  b.kind = BeneficiaryKind::kCooperative;
  b.registration_number = "4900123456";
  b.display_name = "Hợp tác xã Nông nghiệp Tân Thành";
  b.org_unit_code = "06247";
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      const Beneficiary created,
      store_->CreateBeneficiary(b, Mutation("beneficiary-1", RequestFingerprint(cooperative)),
                                Deadline()));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto beneficiary_again,
                              Call(&v1::SubsidyService::Stub::CreateBeneficiary, cooperative));
  EXPECT_EQ(beneficiary_again.beneficiary().name(), absl::StrCat("beneficiaries/", created.id));
  EXPECT_EQ(beneficiary_again.beneficiary().display_name(), b.display_name);

  const Grant applied = Apply("P1", created.id, 1'000'000);
  v1::ApproveGrantRequest approve;
  approve.set_request_id("approve-1");
  approve.set_name(absl::StrCat("grants/", applied.id));
  approve.set_decision_number("7/QĐ-UBND");
  approve.mutable_decision_date()->set_year(2023);
  approve.mutable_decision_date()->set_month(4);
  approve.mutable_decision_date()->set_day(1);
  approve.set_approved_dong(1'000'000);
  ASSERT_THAT(store_->ApproveGrant(applied.id, {"7/QĐ-UBND", absl::CivilDay(2023, 4, 1), 1'000'000},
                                   Mutation("approve-1", RequestFingerprint(approve)), Deadline()),
              IsOk());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto approved_again,
                              Call(&v1::SubsidyService::Stub::ApproveGrant, approve));
  EXPECT_EQ(approved_again.grant().state(), v1::GRANT_STATE_APPROVED);
  EXPECT_EQ(approved_again.grant().decision_number(), "7/QĐ-UBND");

  // The same request_id with other content is still refused as such, not UNAVAILABLE.
  approve.set_approved_dong(900'000);
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApproveGrant, approve),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  // Nothing was applied twice.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM events WHERE request_id = 'approve-1'"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM beneficiaries"), 1);
}

TEST_F(SubsidyServiceTest, UpdateChangesOnlyTheMaskedFieldsAndNeedsTheCurrentEtag) {
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto read, Call(&v1::SubsidyService::Stub::GetProgram,
                                              [] {
                                                v1::GetProgramRequest r;
                                                r.set_name("programs/P1");
                                                return r;
                                              }()));
  v1::UpdateProgramRequest update;
  *update.mutable_program() = read.program();
  update.mutable_program()->set_title("Hỗ trợ thành lập mới HTX (sửa đổi)");
  update.mutable_program()->set_org_unit_code("999");  // not in the mask: ignored
  update.mutable_update_mask()->add_paths("title");
  update.set_request_id("update-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto updated, Call(&v1::SubsidyService::Stub::UpdateProgram, update));
  EXPECT_EQ(updated.program().title(), "Hỗ trợ thành lập mới HTX (sửa đổi)");
  EXPECT_EQ(updated.program().org_unit_code(), read.program().org_unit_code());
  EXPECT_NE(updated.program().etag(), read.program().etag());
  // A retry returns the result; the same change from the old etag is refused.
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::UpdateProgram, update), IsOk());
  update.set_request_id("update-2");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::UpdateProgram, update),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));

  update.mutable_update_mask()->add_paths("budgets");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::UpdateProgram, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'budgets'")));
  update.clear_update_mask();
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::UpdateProgram, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));

  v1::UpdateBeneficiaryRequest rename;
  BeneficiaryToProto(MakeBeneficiary("4800000077"), rename.mutable_beneficiary());
  rename.mutable_beneficiary()->set_display_name("Hộ kinh doanh Lò Văn C");
  rename.mutable_update_mask()->add_paths("display_name");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto renamed,
                              Call(&v1::SubsidyService::Stub::UpdateBeneficiary, rename));
  EXPECT_EQ(renamed.beneficiary().display_name(), "Hộ kinh doanh Lò Văn C");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM events WHERE event_type = 'UPDATED'"), 2);
}

TEST_F(SubsidyServiceTest, ListGrantsPagesThroughEveryGrantOnce) {
  for (int i = 0; i < 5; ++i) {
    Apply("P1", MakeBeneficiary(absl::StrCat("48000000", 10 + i)).id, 1'000);
  }
  v1::ListGrantsRequest request;
  request.set_program("programs/P1");
  request.set_page_size(2);
  std::set<std::string> seen;
  int pages = 0;
  do {
    HOPTAC_ASSERT_OK_AND_ASSIGN(auto page, Call(&v1::SubsidyService::Stub::ListGrants, request));
    ++pages;
    for (const auto& g : page.grants()) EXPECT_TRUE(seen.insert(g.name()).second) << g.name();
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);

  // A token is bound to its filters.
  request.set_page_size(2);
  request.clear_page_token();
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto first, Call(&v1::SubsidyService::Stub::ListGrants, request));
  request.set_page_token(first.next_page_token());
  request.set_state(v1::GRANT_STATE_APPROVED);
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ListGrants, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(SubsidyServiceTest, ReversalOverGrpcNamesTheOriginal) {
  const Grant g = ApplyAndApprove("P1", MakeBeneficiary("4800000020").id, 5'000);
  v1::RecordDisbursementRequest pay;
  pay.set_grant(absl::StrCat("grants/", g.id));
  pay.set_amount_dong(5'000);
  pay.mutable_entry_date()->set_year(2023);
  pay.mutable_entry_date()->set_month(5);
  pay.mutable_entry_date()->set_day(1);
  pay.set_request_id("pay-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto paid, Call(&v1::SubsidyService::Stub::RecordDisbursement, pay));
  v1::ReverseDisbursementRequest reverse;
  reverse.set_entry(paid.entry().name());
  *reverse.mutable_entry_date() = pay.entry_date();
  reverse.set_reason("Chuyển nhầm tài khoản");
  reverse.set_request_id("rev-1");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto reversed,
                              Call(&v1::SubsidyService::Stub::ReverseDisbursement, reverse));
  EXPECT_EQ(reversed.entry().reversed_entry(), paid.entry().name());
  EXPECT_EQ(reversed.entry().kind(), v1::LEDGER_ENTRY_KIND_REVERSAL);
  v1::GetGrantRequest get;
  get.set_name(pay.grant());
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto grant, Call(&v1::SubsidyService::Stub::GetGrant, get));
  EXPECT_EQ(grant.grant().disbursed_net_dong(), 0);
  // Same request_id, different content: rejected.
  pay.set_amount_dong(4'000);
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::RecordDisbursement, pay),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
}

TEST_F(SubsidyServiceTest, MissingExpiredOrForgedTokenIsUnauthenticatedAndWritesNothing) {
  v1::ApplyForGrantRequest r = ApplyRequest(MakeBeneficiary("4800000031").id);
  v1::GetProgramRequest get;
  get.set_name("programs/P1");
  for (const std::string& token :
       {std::string(), TestTokens::Get().Token(Role::kProvinceAdmin, "20", -absl::Minutes(5)),
        TestTokens::Get().Forged(Role::kProvinceAdmin, "20"), std::string("not-a-token")}) {
    token_ = token;
    EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, r),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
    EXPECT_THAT(Call(&v1::SubsidyService::Stub::GetProgram, get),
                StatusIs(absl::StatusCode::kUnauthenticated, ::testing::_));
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM grants"), 0);
  // Nobody known to append an event for.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_events"), 0);
}

TEST_F(SubsidyServiceTest, AViewerReadsButItsWritesAreRefusedAndAudited) {
  const int64_t beneficiary = MakeBeneficiary("4800000032", "20").id;
  token_ = TestTokens::Get().Token(Role::kViewer, "20");
  v1::GetProgramRequest get;
  get.set_name("programs/P1");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::GetProgram, get), IsOk());
  v1::ApplyForGrantRequest apply = ApplyRequest(beneficiary);
  apply.set_request_id("viewer-apply");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, apply),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  v1::CreateProgramRequest program;
  ProgramToProto(MakeProgram("P9", 1'000), program.mutable_program());
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::CreateProgram, program),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM grants"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM programs WHERE code = 'P9'"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_events WHERE outcome = 'PERMISSION_DENIED' "
                     "AND role = 'viewer' AND request_id = 'viewer-apply' AND method = "
                     "'hoptac.subsidy.v1.SubsidyService/ApplyForGrant'"),
            1);
}

TEST_F(SubsidyServiceTest, AUnitOfficerPaysInItsSubtreeOnlyAndSeesOnlyItsGrants) {
  Program cao_loc = MakeProgram("CL", 10'000'000);
  cao_loc.org_unit_code = "183";
  Program city = MakeProgram("TP", 10'000'000);
  city.org_unit_code = "178";
  ASSERT_THAT(store_->CreateProgram(cao_loc, Mutation(), Deadline()), IsOk());
  ASSERT_THAT(store_->CreateProgram(city, Mutation(), Deadline()), IsOk());
  const int64_t beneficiary = MakeBeneficiary("4800000035", "06247").id;
  const Grant ours = ApplyAndApprove("CL", beneficiary, 5'000);
  const Grant theirs = ApplyAndApprove("TP", beneficiary, 5'000);
  token_ = TestTokens::Get().Token(Role::kUnitOfficer, "183");
  v1::RecordDisbursementRequest pay;
  pay.set_amount_dong(1'000);
  pay.mutable_entry_date()->set_year(2023);
  pay.mutable_entry_date()->set_month(5);
  pay.mutable_entry_date()->set_day(1);
  pay.set_grant(absl::StrCat("grants/", ours.id));
  pay.set_request_id("officer-pay-1");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::RecordDisbursement, pay), IsOk());
  pay.set_grant(absl::StrCat("grants/", theirs.id));
  pay.set_request_id("officer-pay-2");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::RecordDisbursement, pay),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("183")));
  EXPECT_EQ(QueryInt(absl::StrCat("SELECT COUNT(*) FROM ledger_entries WHERE grant_id = ",
                                  theirs.id)),
            0);
  v1::GetGrantRequest get;
  get.set_name(absl::StrCat("grants/", theirs.id));
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::GetGrant, get),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto listed,
                              Call(&v1::SubsidyService::Stub::ListGrants, v1::ListGrantsRequest()));
  ASSERT_EQ(listed.grants_size(), 1);
  EXPECT_EQ(listed.grants(0).name(), absl::StrCat("grants/", ours.id));
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto entries,
      Call(&v1::SubsidyService::Stub::ListLedgerEntries, v1::ListLedgerEntriesRequest()));
  EXPECT_EQ(entries.entries_size(), 1);
  HOPTAC_ASSERT_OK_AND_ASSIGN(
      auto programs, Call(&v1::SubsidyService::Stub::ListPrograms, v1::ListProgramsRequest()));
  ASSERT_EQ(programs.programs_size(), 1);
  EXPECT_EQ(programs.programs(0).name(), "programs/CL");
  v1::ListProgramsRequest elsewhere;
  elsewhere.set_org_unit_code("178");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ListPrograms, elsewhere),
              StatusIs(absl::StatusCode::kPermissionDenied, ::testing::_));
}

TEST_F(SubsidyServiceTest, AMutationAppendsOneAuditEventWithItsChangeAndARetryNone) {
  const int64_t beneficiary = MakeBeneficiary("4800000033").id;
  v1::ApplyForGrantRequest apply = ApplyRequest(beneficiary);
  apply.set_request_id("audited-apply");
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto applied, Call(&v1::SubsidyService::Stub::ApplyForGrant, apply));
  HOPTAC_ASSERT_OK_AND_ASSIGN(auto again, Call(&v1::SubsidyService::Stub::ApplyForGrant, apply));
  EXPECT_EQ(again.grant().name(), applied.grant().name());
  EXPECT_EQ(QueryInt(absl::StrCat(
                "SELECT COUNT(*) FROM audit_events WHERE subject = 'tester.province_admin' "
                "AND role = 'province_admin' AND org_unit = '20' AND method = "
                "'hoptac.subsidy.v1.SubsidyService/ApplyForGrant' AND resource = '",
                applied.grant().name(), "' AND request_id = 'audited-apply' AND outcome = 'OK'")),
            1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM audit_events"), 1);
}

TEST_F(SubsidyServiceTest, HostileInputIsRefusedNamingTheFieldAndWritesNothing) {
  const int64_t beneficiary = MakeBeneficiary("4800000034").id;
  v1::ApplyForGrantRequest apply = ApplyRequest(beneficiary);
  for (int64_t amount : {int64_t{-1}, std::numeric_limits<int64_t>::max(),
                         std::numeric_limits<int64_t>::min()}) {
    apply.set_requested_dong(amount);
    EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, apply),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("requested_dong")));
  }
  apply = ApplyRequest(beneficiary);
  apply.set_project_title(std::string(1 << 20, 'x'));
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, apply),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("project_title")));
  apply.set_project_title("Dự án\x01\x1b[31m");
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::ApplyForGrant, apply),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("project_title")));
  v1::CreateProgramRequest program;
  Program huge = MakeProgram("P8", std::numeric_limits<int64_t>::max());
  ProgramToProto(huge, program.mutable_program());
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::CreateProgram, program),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("budget_dong")));
  // The sum of a batch's amounts cannot wrap around to match a control total.
  const Grant g = ApplyAndApprove("P1", beneficiary, 5'000);
  v1::RecordDisbursementBatchRequest batch;
  batch.set_request_id("batch-overflow");
  batch.mutable_entry_date()->set_year(2023);
  batch.mutable_entry_date()->set_month(5);
  batch.mutable_entry_date()->set_day(1);
  for (int i = 0; i < 2; ++i) {
    v1::BatchDisbursement* d = batch.add_disbursements();
    d->set_grant(absl::StrCat("grants/", g.id));
    d->set_amount_dong(std::numeric_limits<int64_t>::max());
  }
  batch.set_control_count(2);
  batch.set_control_sum_dong(-2);
  EXPECT_THAT(Call(&v1::SubsidyService::Stub::RecordDisbursementBatch, batch),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("amount_dong")));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM grants"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM programs"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 0);
}

}  // namespace
}  // namespace hoptac::subsidy
