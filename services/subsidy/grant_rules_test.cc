#include "services/subsidy/grant_rules.h"

#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/testing/status_matchers.h"

namespace hoptac::subsidy {
namespace {

using ::hoptac::testing::IsOk;
using ::hoptac::testing::StatusIs;
using ::testing::HasSubstr;

TEST(Amount, IsAboveZeroAndAtMostTheCeilingNamingTheField) {
  EXPECT_THAT(CheckAmount(1, "amount_dong"), IsOk());
  EXPECT_THAT(CheckAmount(kMaxAmountDong, "amount_dong"), IsOk());
  EXPECT_THAT(CheckAmount(0, "amount_dong"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("amount_dong")));
  EXPECT_THAT(CheckAmount(-5, "requested_dong"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("requested_dong")));
  EXPECT_THAT(CheckAmount(kMaxAmountDong + 1, "approved_dong"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("approved_dong")));
  EXPECT_THAT(CheckAmount(std::numeric_limits<int64_t>::max(), "amount_dong"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("amount_dong")));
}

TEST(GrantTransition, AppliedGrantMayBeApprovedRejectedOrCancelled) {
  EXPECT_THAT(CheckGrantTransition(GrantState::kApplied, GrantAction::kApprove, 0), IsOk());
  EXPECT_THAT(CheckGrantTransition(GrantState::kApplied, GrantAction::kReject, 0), IsOk());
  EXPECT_THAT(CheckGrantTransition(GrantState::kApplied, GrantAction::kCancel, 0), IsOk());
}

TEST(GrantTransition, ApprovedGrantIsNotApprovedTwiceNorRejected) {
  EXPECT_THAT(CheckGrantTransition(GrantState::kApproved, GrantAction::kApprove, 0),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("APPROVED")));
  EXPECT_THAT(CheckGrantTransition(GrantState::kApproved, GrantAction::kReject, 0),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("rejected")));
}

TEST(GrantTransition, ApprovedGrantIsCancelledOnlyWhileNothingIsDisbursedNet) {
  EXPECT_THAT(CheckGrantTransition(GrantState::kApproved, GrantAction::kCancel, 0), IsOk());
  EXPECT_THAT(CheckGrantTransition(GrantState::kApproved, GrantAction::kCancel, 5),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("reverse")));
}

TEST(GrantTransition, FinalStatesAreFinal) {
  for (GrantState s : {GrantState::kRejected, GrantState::kCancelled}) {
    for (GrantAction a : {GrantAction::kApprove, GrantAction::kReject, GrantAction::kCancel}) {
      EXPECT_THAT(CheckGrantTransition(s, a, 0),
                  StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::_));
    }
  }
}

TEST(ApprovalAmount, FitsExactlyTheRestOfTheBudget) {
  EXPECT_THAT(CheckApprovalAmount(20, 20, 100, 80, 0, 0), IsOk());
  EXPECT_THAT(CheckApprovalAmount(21, 30, 100, 80, 0, 0),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("budget")));
}

TEST(ApprovalAmount, MustBePositiveAndAtMostTheAmountAppliedFor) {
  EXPECT_THAT(CheckApprovalAmount(0, 20, 100, 0, 0, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("approved_dong")));
  EXPECT_THAT(CheckApprovalAmount(21, 20, 100, 0, 0, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("applied for")));
}

TEST(ApprovalAmount, CapPerBeneficiaryCountsWhatIsAlreadyApproved) {
  EXPECT_THAT(CheckApprovalAmount(10, 10, 1000, 0, 30, 20), IsOk());
  EXPECT_THAT(CheckApprovalAmount(11, 11, 1000, 0, 30, 20),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cap")));
}

TEST(DisbursementAmount, NetDisbursedNeverExceedsApproved) {
  EXPECT_THAT(CheckDisbursementAmount(GrantState::kApproved, 40, 100, 60), IsOk());
  EXPECT_THAT(CheckDisbursementAmount(GrantState::kApproved, 41, 100, 60),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("40 dong")));
}

TEST(DisbursementAmount, OnlyApprovedGrantsAreDisbursed) {
  EXPECT_THAT(CheckDisbursementAmount(GrantState::kApplied, 1, 100, 0),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("APPLIED")));
  EXPECT_THAT(CheckDisbursementAmount(GrantState::kApproved, -5, 100, 0),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("amount_dong")));
}

DisbursementBatch Batch(std::vector<int64_t> amounts, int64_t count, int64_t sum) {
  DisbursementBatch batch;
  for (int64_t a : amounts) batch.disbursements.push_back({1, a, absl::CivilDay(2023, 5, 1), ""});
  batch.control_count = count;
  batch.control_sum_dong = sum;
  return batch;
}

TEST(ControlTotals, BatchMatchingItsTotalsPasses) {
  EXPECT_THAT(CheckControlTotals(Batch({10, 20, 30}, 3, 60)), IsOk());
}

TEST(ControlTotals, WrongSumOrCountIsNamed) {
  EXPECT_THAT(CheckControlTotals(Batch({10, 20, 30}, 3, 61)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control_sum_dong")));
  EXPECT_THAT(CheckControlTotals(Batch({10, 20, 30}, 2, 60)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("control_count")));
  EXPECT_THAT(CheckControlTotals(Batch({}, 0, 0)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("disbursements")));
  EXPECT_THAT(CheckControlTotals(Batch({10, 0}, 2, 10)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("disbursements[1]")));
}

Program ValidProgram() {
  Program p;
  p.code = "LS-NQ08";
  p.title = "Hỗ trợ thành lập mới hợp tác xã";
  p.legal_basis = {"Nghị quyết số 08/2019/NQ-HĐND ngày 10/12/2019 của HĐND tỉnh"};
  p.support_kind = SupportKind::kEstablishment;
  p.fund_source = FundSource::kProvincial;
  p.org_unit_code = "178";
  p.eligible_kinds = {BeneficiaryKind::kCooperative};
  p.budgets = {{2023, 200'000'000, 0}};
  p.valid_from = absl::CivilDay(2020, 1, 1);
  p.valid_to = absl::CivilDay(2025, 12, 31);
  return p;
}

TEST(ProgramValidation, NamesTheWrongField) {
  EXPECT_THAT(ValidateProgram(ValidProgram()), IsOk());
  Program p = ValidProgram();
  p.legal_basis.clear();
  EXPECT_THAT(ValidateProgram(p), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("program.legal_basis")));
  p = ValidProgram();
  p.budgets.push_back({2023, 1, 0});
  EXPECT_THAT(ValidateProgram(p), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("budgets[1].fiscal_year")));
  p = ValidProgram();
  p.code = "bad code";
  EXPECT_THAT(ValidateProgram(p),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("program.code")));
}

TEST(Application, KindYearAndDayMustFitTheProgram) {
  const Program p = ValidProgram();
  GrantApplication a{"LS-NQ08", 1, 2023, "", absl::CivilDay(2023, 3, 1), 20'000'000};
  EXPECT_THAT(CheckApplication(p, BeneficiaryKind::kCooperative, a), IsOk());
  EXPECT_THAT(CheckApplication(p, BeneficiaryKind::kEnterprise, a),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("kind")));
  a.fiscal_year = 2024;
  EXPECT_THAT(CheckApplication(p, BeneficiaryKind::kCooperative, a),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("fiscal_year")));
  a.fiscal_year = 2023;
  a.application_date = absl::CivilDay(2026, 1, 1);
  EXPECT_THAT(CheckApplication(p, BeneficiaryKind::kCooperative, a),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("application_date")));
}

}  // namespace
}  // namespace hoptac::subsidy
