// The subsidy service's records as plain C++ (no protobuf, no SQL). Enum values
// equal the API's (hoptac.subsidy.v1) so that mapping is a cast.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_TYPES_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/common/auth/audit_log.h"

namespace hoptac::subsidy {

enum class SupportKind {
  kUnspecified = 0, kEstablishment = 1, kCreditInterest = 2, kYoungGraduates = 3, kOcop = 4,
  kMarketExpansion = 5, kIndustrialPromotion = 6, kLandAccess = 7, kTraining = 8, kOther = 9,
};
enum class FundSource { kUnspecified = 0, kNational = 1, kProvincial = 2, kLocal = 3 };
enum class BeneficiaryKind {
  kUnspecified = 0, kCooperative = 1, kCooperativeGroup = 2, kUnion = 3,
  kHouseholdBusiness = 4, kEnterprise = 5, kIndividual = 6,
};
enum class GrantState { kUnspecified = 0, kApplied = 1, kApproved = 2, kRejected = 3,
                        kCancelled = 4 };
enum class LedgerEntryKind { kUnspecified = 0, kDisbursement = 1, kReversal = 2 };

// Cooperatives, groups and unions live in the registry; the rest live here.
inline bool IsRegistryKind(BeneficiaryKind kind) {
  return kind == BeneficiaryKind::kCooperative || kind == BeneficiaryKind::kCooperativeGroup ||
         kind == BeneficiaryKind::kUnion;
}

struct ProgramBudget {
  int fiscal_year = 0;
  int64_t budget_dong = 0;
  int64_t approved_dong = 0;  // output: sum approved for the year
};

struct Program {
  std::string code;
  std::string title;
  std::vector<std::string> legal_basis;
  SupportKind support_kind = SupportKind::kUnspecified;
  FundSource fund_source = FundSource::kUnspecified;
  std::string org_unit_code;
  std::vector<BeneficiaryKind> eligible_kinds;
  std::vector<ProgramBudget> budgets;
  int64_t cap_per_beneficiary_dong = 0;  // 0: no cap
  absl::CivilDay valid_from;
  absl::CivilDay valid_to;
  int64_t revision = 0;  // output: +1 on every update; the etag
};

struct Beneficiary {
  int64_t id = 0;
  BeneficiaryKind kind = BeneficiaryKind::kUnspecified;
  std::string registration_number;
  std::string tax_code;
  std::string id_number;
  std::string display_name;
  std::string org_unit_code;
  int64_t revision = 0;  // output: +1 on every update; the etag
};

struct GrantApplication {
  std::string program_code;
  int64_t beneficiary_id = 0;
  int fiscal_year = 0;
  std::string project_title;
  absl::CivilDay application_date;
  int64_t requested_dong = 0;
};

struct Grant {
  int64_t id = 0;
  int64_t program_id = 0;  // row id of the program (store-internal)
  GrantApplication application;
  GrantState state = GrantState::kUnspecified;
  std::string decision_number;
  absl::CivilDay decision_date;
  bool has_decision = false;
  int64_t approved_dong = 0;
  std::string reason;
  int64_t disbursed_net_dong = 0;
  std::string org_unit_code;  // the beneficiary's unit (statistics count grants there)
  std::string payer_unit_code;  // output: the program's unit, which pays (access is checked there)
};

struct GrantDecision {
  std::string decision_number;
  absl::CivilDay decision_date;
  int64_t approved_dong = 0;
};

struct LedgerEntry {
  int64_t id = 0;
  int64_t grant_id = 0;
  LedgerEntryKind kind = LedgerEntryKind::kUnspecified;
  int64_t amount_dong = 0;
  absl::CivilDay entry_date;
  int64_t reversed_entry_id = 0;  // 0: none
  std::string note;
  int64_t batch_id = 0;  // 0: none
};

struct Disbursement {
  int64_t grant_id = 0;
  int64_t amount_dong = 0;
  absl::CivilDay entry_date;
  std::string note;
};

struct DisbursementBatch {
  std::vector<Disbursement> disbursements;
  int64_t control_count = 0;
  int64_t control_sum_dong = 0;
};

// Who asked for a mutation, and its idempotency key.
struct MutationContext {
  std::string actor;
  std::string request_id;
  std::string fingerprint;
  // The audit event the change appends in its own transaction (the store sets
  // its resource); none for work that serves no caller (tests of the store).
  std::optional<AuditEvent> audit;
};

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_TYPES_H_
