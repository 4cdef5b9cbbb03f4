// All SQL of the subsidy service. Every mutation is one transaction
// (Database::InTransaction) that claims its request_id, checks the domain
// rules with figures read under row locks (SELECT ... FOR UPDATE of the
// program-year budget row or the grant row), writes, and records an event with
// the actor and request_id. The ledger is only ever appended to.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/database.h"
#include "services/common/period.h"
#include "services/subsidy/subsidy_types.h"

namespace hoptac::subsidy {

// Figures of one program or of a roll-up (see GetSubsidyStatistics in the API).
struct SubsidyFigures {
  std::vector<std::pair<BeneficiaryKind, int64_t>> beneficiaries;  // distinct, by kind
  int64_t approved_grants = 0;
  int64_t approved_dong = 0;
  int64_t disbursed_net_dong = 0;
  int64_t applications = 0;
};

struct ProgramFigures {
  Program program;
  SubsidyFigures figures;
};

struct KindFigures {
  SupportKind support_kind = SupportKind::kUnspecified;
  FundSource fund_source = FundSource::kUnspecified;
  SubsidyFigures figures;
};

struct SubsidyStatistics {
  std::vector<ProgramFigures> programs;             // in code order
  std::vector<KindFigures> by_support_kind;         // by kind, then fund source
  std::vector<std::string> programs_without_applications;  // codes
};

struct StatisticsFilter {
  SupportKind support_kind = SupportKind::kUnspecified;  // unspecified: any
  FundSource fund_source = FundSource::kUnspecified;     // unspecified: any
};

// The org units a list is confined to (the subtree a caller may read):
// std::nullopt for every unit.
using UnitScope = std::optional<std::vector<std::string>>;

struct BatchResult {
  int64_t batch_id = 0;
  std::vector<LedgerEntry> entries;
};

class SubsidyStore {
 public:
  explicit SubsidyStore(Database& db) : db_(db) {}

  // Whether `mutation.request_id` was already applied by `method` (a plain
  // read: nothing is claimed, no lock is taken). Mutations that ask the
  // registry call it first, so that a retry of an applied request gets the
  // original result even while the registry is down. ALREADY_EXISTS naming
  // request_id when the id was used for a different request; false for an
  // empty request_id or one not applied yet.
  absl::StatusOr<bool> WasApplied(const std::string& method, const MutationContext& mutation,
                                  absl::Time deadline);

  // ALREADY_EXISTS naming program.code when the code is taken.
  absl::StatusOr<Program> CreateProgram(const Program& program, const MutationContext& mutation,
                                        absl::Time deadline);
  absl::StatusOr<Program> GetProgram(const std::string& code, absl::Time deadline);
  // Programs after `after_code` in code order, at most `limit`, run by a unit
  // of `units`.
  absl::StatusOr<std::vector<Program>> ListPrograms(SupportKind kind,
                                                    const std::string& org_unit_code,
                                                    const UnitScope& units,
                                                    const std::string& after_code, int limit,
                                                    absl::Time deadline);

  // Changes a program: under its row lock, checks that `etag` is its
  // revision (ABORTED naming the program otherwise), applies `change` to the
  // stored record (which validates it and may refuse), writes title, legal
  // basis and validity with the next revision, and records an UPDATED event
  // naming `fields`. A retry with the same request_id returns the program.
  absl::StatusOr<Program> UpdateProgram(const std::string& code, const std::string& etag,
                                        const std::vector<std::string>& fields,
                                        const std::function<absl::Status(Program&)>& change,
                                        const MutationContext& mutation, absl::Time deadline);
  // As UpdateProgram, for a beneficiary's display name and org unit.
  absl::StatusOr<Beneficiary> UpdateBeneficiary(
      int64_t id, const std::string& etag, const std::vector<std::string>& fields,
      const std::function<absl::Status(Beneficiary&)>& change, const MutationContext& mutation,
      absl::Time deadline);

  // ALREADY_EXISTS naming the existing beneficiary when the registration
  // number or tax code is already recorded.
  absl::StatusOr<Beneficiary> CreateBeneficiary(const Beneficiary& beneficiary,
                                                const MutationContext& mutation,
                                                absl::Time deadline);
  absl::StatusOr<Beneficiary> GetBeneficiary(int64_t id, absl::Time deadline);
  // Beneficiaries of a unit of `units`.
  absl::StatusOr<std::vector<Beneficiary>> ListBeneficiaries(BeneficiaryKind kind,
                                                             const UnitScope& units,
                                                             int64_t after_id, int limit,
                                                             absl::Time deadline);

  absl::StatusOr<Grant> ApplyForGrant(const GrantApplication& application,
                                      const MutationContext& mutation, absl::Time deadline);
  absl::StatusOr<Grant> GetGrant(int64_t id, absl::Time deadline);
  // Grants of programs run by a unit of `units`.
  absl::StatusOr<std::vector<Grant>> ListGrants(const std::string& program_code, GrantState state,
                                                const UnitScope& units, int64_t after_id,
                                                int limit, absl::Time deadline);
  // The unit that pays each of `grant_ids` (its program's unit), in order:
  // where access to a grant and its ledger is checked. NOT_FOUND naming the
  // first grant that does not exist. A grant's program and a program's unit
  // never change, so the answers are kept (disbursements in tranches ask
  // again and again).
  absl::StatusOr<std::vector<std::string>> PayerUnitsOfGrants(
      const std::vector<int64_t>& grant_ids, absl::Time deadline);
  // The unit that pays the grant of ledger entry `entry_id`; NOT_FOUND naming
  // the entry when it does not exist.
  absl::StatusOr<std::string> PayerUnitOfEntry(int64_t entry_id, absl::Time deadline);
  // Locks the program-year budget row, then the grant row.
  absl::StatusOr<Grant> ApproveGrant(int64_t id, const GrantDecision& decision,
                                     const MutationContext& mutation, absl::Time deadline);
  absl::StatusOr<Grant> RejectGrant(int64_t id, const std::string& reason,
                                    const MutationContext& mutation, absl::Time deadline);
  absl::StatusOr<Grant> CancelGrant(int64_t id, const std::string& reason,
                                    const MutationContext& mutation, absl::Time deadline);

  // Locks the grant row. A retry with the same request_id returns the
  // original entry.
  absl::StatusOr<LedgerEntry> RecordDisbursement(const Disbursement& disbursement,
                                                 const MutationContext& mutation,
                                                 absl::Time deadline);
  absl::StatusOr<LedgerEntry> ReverseDisbursement(int64_t entry_id, absl::CivilDay entry_date,
                                                  const std::string& reason,
                                                  const MutationContext& mutation,
                                                  absl::Time deadline);
  // All or none; grant rows are locked in id order (no deadlock between batches).
  absl::StatusOr<BatchResult> RecordDisbursementBatch(const DisbursementBatch& batch,
                                                      const MutationContext& mutation,
                                                      absl::Time deadline);
  // Entries of grants of programs run by a unit of `units`.
  absl::StatusOr<std::vector<LedgerEntry>> ListLedgerEntries(int64_t grant_id,
                                                             const UnitScope& units,
                                                             int64_t after_id, int limit,
                                                             absl::Time deadline);

  // For grants whose beneficiary's unit is one of `unit_codes` (the subtree).
  absl::StatusOr<SubsidyStatistics> GetStatistics(const std::vector<std::string>& unit_codes,
                                                  const Period& period,
                                                  const StatisticsFilter& filter,
                                                  absl::Time deadline);

 private:
  Database& db_;
  absl::Mutex payer_units_mutex_;
  absl::flat_hash_map<int64_t, std::string> payer_units_ ABSL_GUARDED_BY(payer_units_mutex_);
};

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_STORE_H_
