// The rules of grants and the ledger, without I/O: the grant state machine,
// the amount limits (budget per fiscal year, cap per beneficiary, net
// disbursed <= approved) and batch control totals. The store calls them with
// figures read under row locks, so the limits hold under any concurrency.
#ifndef HOPTAC_SERVICES_SUBSIDY_GRANT_RULES_H_
#define HOPTAC_SERVICES_SUBSIDY_GRANT_RULES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/subsidy/subsidy_types.h"

namespace hoptac::subsidy {

enum class GrantAction { kApprove, kReject, kCancel };

// The largest amount of one request (10^15 dong, far above any province's
// yearly budget): sums of up to 9,000 such amounts stay within int64.
inline constexpr int64_t kMaxAmountDong = 1'000'000'000'000'000;

// INVALID_ARGUMENT naming `field` unless 0 < `amount` <= kMaxAmountDong.
absl::Status CheckAmount(int64_t amount, absl::string_view field);

// FAILED_PRECONDITION when `action` is not allowed from `state`:
// APPLIED -> APPROVED | REJECTED | CANCELLED; APPROVED -> CANCELLED only while
// nothing is disbursed net.
absl::Status CheckGrantTransition(GrantState state, GrantAction action,
                                  int64_t disbursed_net_dong);

// Checks an approval of `amount` against the application and limits:
// INVALID_ARGUMENT naming approved_dong when not above 0 or above the amount
// applied for; FAILED_PRECONDITION when the year's budget
// (`budget_dong` - `approved_so_far_dong`) or the cap per beneficiary
// (`cap_dong` > 0; `beneficiary_approved_dong` already approved) is exceeded.
absl::Status CheckApprovalAmount(int64_t amount, int64_t requested_dong, int64_t budget_dong,
                                 int64_t approved_so_far_dong, int64_t cap_dong,
                                 int64_t beneficiary_approved_dong);

// FAILED_PRECONDITION unless the grant is APPROVED and `net_disbursed_dong` +
// `amount` stays within `approved_dong`; INVALID_ARGUMENT naming amount_dong
// when `amount` is not above 0.
absl::Status CheckDisbursementAmount(GrantState state, int64_t amount, int64_t approved_dong,
                                     int64_t net_disbursed_dong);

// INVALID_ARGUMENT naming control_count / control_sum_dong when the batch's
// entries do not add up to its control totals, or naming disbursements when
// it is empty or longer than kMaxBatchSize.
inline constexpr int kMaxBatchSize = 1000;
absl::Status CheckControlTotals(const DisbursementBatch& batch);

// INVALID_ARGUMENT naming the first wrong field of a new program (code,
// title, legal_basis, support_kind, fund_source, org_unit_code,
// eligible_beneficiary_kinds, budgets, cap_per_beneficiary_dong, validity);
// amounts above kMaxAmountDong and more than kMaxLegalBasis documents are refused.
inline constexpr size_t kMaxLegalBasis = 50;
absl::Status ValidateProgram(const Program& program);

// FAILED_PRECONDITION when `kind` may not apply to `program`, `day` is outside
// its validity, or `fiscal_year` has no budget.
absl::Status CheckApplication(const Program& program, BeneficiaryKind kind,
                              const GrantApplication& application);

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_GRANT_RULES_H_
