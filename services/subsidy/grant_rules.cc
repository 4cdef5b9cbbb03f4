#include "services/subsidy/grant_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace hoptac::subsidy {
namespace {

const char* StateName(GrantState state) {
  switch (state) {
    case GrantState::kApplied: return "APPLIED";
    case GrantState::kApproved: return "APPROVED";
    case GrantState::kRejected: return "REJECTED";
    case GrantState::kCancelled: return "CANCELLED";
    case GrantState::kUnspecified: break;
  }
  return "UNSPECIFIED";
}

bool IsCodeCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

}  // namespace

absl::Status CheckAmount(int64_t amount, absl::string_view field) {
  if (amount <= 0) return absl::InvalidArgumentError(absl::StrCat(field, ": must be above 0"));
  if (amount > kMaxAmountDong) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": at most ", kMaxAmountDong, " dong per request"));
  }
  return absl::OkStatus();
}

absl::Status CheckGrantTransition(GrantState state, GrantAction action,
                                  int64_t disbursed_net_dong) {
  const bool allowed =
      state == GrantState::kApplied ||
      (state == GrantState::kApproved && action == GrantAction::kCancel &&
       disbursed_net_dong == 0);
  if (allowed) return absl::OkStatus();
  const char* verb = action == GrantAction::kApprove  ? "approved"
                     : action == GrantAction::kReject ? "rejected"
                                                      : "cancelled";
  if (state == GrantState::kApproved && action == GrantAction::kCancel) {
    return absl::FailedPreconditionError(absl::StrCat(
        "grant has ", disbursed_net_dong,
        " dong disbursed net and cannot be cancelled; reverse its disbursements first"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("grant is ", StateName(state), " and cannot be ", verb));
}

absl::Status CheckApprovalAmount(int64_t amount, int64_t requested_dong, int64_t budget_dong,
                                 int64_t approved_so_far_dong, int64_t cap_dong,
                                 int64_t beneficiary_approved_dong) {
  if (amount <= 0) return absl::InvalidArgumentError("approved_dong: must be above 0");
  if (amount > requested_dong) {
    return absl::InvalidArgumentError(absl::StrCat(
        "approved_dong: ", amount, " exceeds the ", requested_dong, " dong applied for"));
  }
  const int64_t remaining = budget_dong - approved_so_far_dong;
  if (amount > remaining) {
    return absl::FailedPreconditionError(absl::StrCat(
        "approved_dong: ", amount, " exceeds the ", remaining,
        " dong left of the program's budget for the fiscal year"));
  }
  if (cap_dong > 0 && amount > cap_dong - beneficiary_approved_dong) {
    return absl::FailedPreconditionError(absl::StrCat(
        "approved_dong: ", amount, " exceeds the cap per beneficiary of ", cap_dong,
        " dong (", beneficiary_approved_dong, " already approved)"));
  }
  return absl::OkStatus();
}

absl::Status CheckDisbursementAmount(GrantState state, int64_t amount, int64_t approved_dong,
                                     int64_t net_disbursed_dong) {
  if (amount <= 0) return absl::InvalidArgumentError("amount_dong: must be above 0");
  if (state != GrantState::kApproved) {
    return absl::FailedPreconditionError(
        absl::StrCat("grant is ", StateName(state), "; only APPROVED grants are disbursed"));
  }
  if (amount > approved_dong - net_disbursed_dong) {
    return absl::FailedPreconditionError(absl::StrCat(
        "amount_dong: ", amount, " exceeds the ", approved_dong - net_disbursed_dong,
        " dong approved and not yet disbursed"));
  }
  return absl::OkStatus();
}

absl::Status CheckControlTotals(const DisbursementBatch& batch) {
  if (batch.disbursements.empty()) {
    return absl::InvalidArgumentError("disbursements: at least one is required");
  }
  if (batch.disbursements.size() > static_cast<size_t>(kMaxBatchSize)) {
    return absl::InvalidArgumentError(
        absl::StrCat("disbursements: at most ", kMaxBatchSize, " per batch"));
  }
  int64_t sum = 0;
  for (size_t i = 0; i < batch.disbursements.size(); ++i) {
    const int64_t amount = batch.disbursements[i].amount_dong;
    absl::Status checked =
        CheckAmount(amount, absl::StrCat("disbursements[", i, "].amount_dong"));
    if (!checked.ok()) return checked;
    if (__builtin_add_overflow(sum, amount, &sum)) {
      return absl::InvalidArgumentError("disbursements: the amounts overflow");
    }
  }
  if (batch.control_count != static_cast<int64_t>(batch.disbursements.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("control_count: ", batch.control_count, " but the batch holds ",
                     batch.disbursements.size(), " disbursements"));
  }
  if (batch.control_sum_dong != sum) {
    return absl::InvalidArgumentError(absl::StrCat(
        "control_sum_dong: ", batch.control_sum_dong, " but the amounts add up to ", sum));
  }
  return absl::OkStatus();
}

absl::Status ValidateProgram(const Program& p) {
  if (p.code.empty() || p.code.size() > 64 || !std::all_of(p.code.begin(), p.code.end(), IsCodeCharacter)) {
    return absl::InvalidArgumentError(
        "program.code: 1 to 64 letters, digits, '-', '_' or '.' required");
  }
  if (p.title.empty()) return absl::InvalidArgumentError("program.title: required");
  if (p.legal_basis.empty()) {
    return absl::InvalidArgumentError("program.legal_basis: at least one document is required");
  }
  if (p.legal_basis.size() > kMaxLegalBasis) {
    return absl::InvalidArgumentError(
        absl::StrCat("program.legal_basis: at most ", kMaxLegalBasis, " documents"));
  }
  for (size_t i = 0; i < p.legal_basis.size(); ++i) {
    if (p.legal_basis[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("program.legal_basis[", i, "]: empty"));
    }
  }
  if (p.support_kind == SupportKind::kUnspecified || static_cast<int>(p.support_kind) > 9) {
    return absl::InvalidArgumentError("program.support_kind: required");
  }
  if (p.fund_source == FundSource::kUnspecified || static_cast<int>(p.fund_source) > 3) {
    return absl::InvalidArgumentError("program.fund_source: required");
  }
  if (p.org_unit_code.empty()) return absl::InvalidArgumentError("program.org_unit_code: required");
  if (p.eligible_kinds.empty()) {
    return absl::InvalidArgumentError("program.eligible_beneficiary_kinds: at least one is required");
  }
  for (BeneficiaryKind kind : p.eligible_kinds) {
    if (kind == BeneficiaryKind::kUnspecified || static_cast<int>(kind) > 6) {
      return absl::InvalidArgumentError("program.eligible_beneficiary_kinds: unknown kind");
    }
  }
  std::set<int> years;
  for (size_t i = 0; i < p.budgets.size(); ++i) {
    const ProgramBudget& b = p.budgets[i];
    if (b.fiscal_year < 1900 || b.fiscal_year > 2199) {
      return absl::InvalidArgumentError(
          absl::StrCat("program.budgets[", i, "].fiscal_year: 1900 to 2199"));
    }
    if (b.budget_dong < 0 || b.budget_dong > kMaxAmountDong) {
      return absl::InvalidArgumentError(absl::StrCat(
          "program.budgets[", i, "].budget_dong: 0 to ", kMaxAmountDong, " dong"));
    }
    if (!years.insert(b.fiscal_year).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "program.budgets[", i, "].fiscal_year: ", b.fiscal_year, " is listed twice"));
    }
  }
  if (p.cap_per_beneficiary_dong < 0 || p.cap_per_beneficiary_dong > kMaxAmountDong) {
    return absl::InvalidArgumentError(absl::StrCat(
        "program.cap_per_beneficiary_dong: 0 to ", kMaxAmountDong, " dong"));
  }
  if (p.valid_to < p.valid_from) {
    return absl::InvalidArgumentError("program.validity.end_date: before the start date");
  }
  return absl::OkStatus();
}

absl::Status CheckApplication(const Program& program, BeneficiaryKind kind,
                              const GrantApplication& application) {
  if (std::find(program.eligible_kinds.begin(), program.eligible_kinds.end(), kind) ==
      program.eligible_kinds.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "beneficiary: its kind may not apply to programs/", program.code));
  }
  if (application.application_date < program.valid_from ||
      application.application_date > program.valid_to) {
    return absl::FailedPreconditionError(absl::StrCat(
        "application_date: programs/", program.code, " does not accept applications on that day"));
  }
  const bool budgeted = std::any_of(program.budgets.begin(), program.budgets.end(),
                                    [&](const ProgramBudget& b) {
                                      return b.fiscal_year == application.fiscal_year;
                                    });
  if (!budgeted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "fiscal_year: programs/", program.code, " has no budget for ", application.fiscal_year));
  }
  return absl::OkStatus();
}

}  // namespace hoptac::subsidy
