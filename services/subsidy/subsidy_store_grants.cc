// SubsidyStore: grants, from application to decision. Approval and
// cancellation lock the program-year budget row first, then the grant row;
// every writer takes them in that order.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/request_log.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/subsidy/grant_rules.h"
#include "services/subsidy/subsidy_store.h"
#include "services/subsidy/subsidy_store_sql.h"

namespace hoptac::subsidy {
namespace {

struct LockedBudget {
  int64_t budget_dong = 0;
  int64_t approved_dong = 0;
};

// SELECT ... FOR UPDATE of the program-year budget row: every approval and
// cancellation of the program-year queues here.
absl::StatusOr<LockedBudget> LockBudget(SqlSession& s, int64_t program_id, int fiscal_year) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT budget_dong, approved_dong FROM program_budgets "
      "WHERE program_id = ? AND fiscal_year = ? FOR UPDATE");
  q.setInt64(1, program_id);
  q.setInt(2, fiscal_year);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::FailedPreconditionError(
        absl::StrCat("fiscal_year: the program has no budget for ", fiscal_year));
  }
  return LockedBudget{r->getInt64(1), r->getInt64(2)};
}

void AddToBudget(SqlSession& s, int64_t program_id, int fiscal_year, int64_t delta) {
  sql::PreparedStatement& u = s.Prepare(
      "UPDATE program_budgets SET approved_dong = approved_dong + ? "
      "WHERE program_id = ? AND fiscal_year = ?");
  u.setInt64(1, delta);
  u.setInt64(2, program_id);
  u.setInt(3, fiscal_year);
  u.executeUpdate();
}

// Approved to `beneficiary_id` under the program-year, read under the budget
// lock (locking read: the latest committed rows, not the snapshot).
int64_t ApprovedToBeneficiary(SqlSession& s, const Grant& g) {
  sql::PreparedStatement& q = s.Prepare(
      "SELECT COALESCE(SUM(approved_dong), 0) FROM grants WHERE program_id = ? "
      "AND fiscal_year = ? AND beneficiary_id = ? AND state = ? LOCK IN SHARE MODE");
  q.setInt64(1, g.program_id);
  q.setInt(2, g.application.fiscal_year);
  q.setInt64(3, g.application.beneficiary_id);
  q.setInt(4, static_cast<int>(GrantState::kApproved));
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  r->next();
  return r->getInt64(1);
}

void SetDecision(SqlSession& s, int64_t id, GrantState state, const GrantDecision* decision,
                 const std::string& reason) {
  sql::PreparedStatement& u = s.Prepare(
      "UPDATE grants SET state = ?, decision_number = COALESCE(?, decision_number), "
      "decision_date = COALESCE(?, decision_date), approved_dong = COALESCE(?, approved_dong), "
      "reason = ?, update_time = CURRENT_TIMESTAMP(6) WHERE id = ?");
  u.setInt(1, static_cast<int>(state));
  if (decision != nullptr) {
    u.setString(2, decision->decision_number);
    u.setString(3, SqlDate(decision->decision_date));
    u.setInt64(4, decision->approved_dong);
  } else {
    u.setNull(2, 0);
    u.setNull(3, 0);
    u.setNull(4, 0);
  }
  u.setString(5, reason);
  u.setInt64(6, id);
  u.executeUpdate();
}

}  // namespace

absl::StatusOr<Grant> SubsidyStore::ApplyForGrant(const GrantApplication& application,
                                                  const MutationContext& mutation,
                                                  absl::Time deadline) {
  Grant created;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "ApplyForGrant",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(created, ReadGrant(s, prior->resource_id, false));
      return absl::OkStatus();
    }
    int64_t program_id = 0;
    HOPTAC_ASSIGN_OR_RETURN(Program program, ReadProgram(s, application.program_code, &program_id));
    HOPTAC_ASSIGN_OR_RETURN(Beneficiary beneficiary, ReadBeneficiary(s, application.beneficiary_id));
    HOPTAC_RETURN_IF_ERROR(CheckApplication(program, beneficiary.kind, application));
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO grants (program_id, beneficiary_id, beneficiary_kind, org_unit_code, "
        "fiscal_year, project_title, application_date, requested_dong, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setInt64(1, program_id);
    insert.setInt64(2, beneficiary.id);
    insert.setInt(3, static_cast<int>(beneficiary.kind));
    insert.setString(4, beneficiary.org_unit_code);
    insert.setInt(5, application.fiscal_year);
    insert.setString(6, application.project_title);
    insert.setString(7, SqlDate(application.application_date));
    insert.setInt64(8, application.requested_dong);
    insert.setInt(9, static_cast<int>(GrantState::kApplied));
    insert.executeUpdate();
    const int64_t id = LastInsertId(s);
    InsertEvent(s, absl::StrCat("grants/", id), "APPLIED",
                absl::StrCat("programs/", program.code, " ", application.requested_dong, " dong"),
                mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    HOPTAC_ASSIGN_OR_RETURN(created, ReadGrant(s, id, false));
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<Grant> SubsidyStore::GetGrant(int64_t id, absl::Time deadline) {
  Grant g;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(g, ReadGrant(s, id, false));
    return absl::OkStatus();
  }));
  return g;
}

absl::StatusOr<std::vector<Grant>> SubsidyStore::ListGrants(const std::string& program_code,
                                                            GrantState state,
                                                            const UnitScope& units,
                                                            int64_t after_id, int limit,
                                                            absl::Time deadline) {
  std::vector<Grant> grants;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    grants.clear();
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT ", kGrantColumns, ", p.code, p.org_unit_code "
        "FROM grants g JOIN programs p ON p.id = g.program_id "
        "WHERE g.id > ? AND (? = '' OR p.code = ?) AND (? = 0 OR g.state = ?) AND ",
        UnitScopeSql("p.org_unit_code"), " ORDER BY g.id LIMIT ?"));
    q.setInt64(1, after_id);
    q.setString(2, program_code);
    q.setString(3, program_code);
    q.setInt(4, static_cast<int>(state));
    q.setInt(5, static_cast<int>(state));
    q.setInt(BindUnitScope(q, 6, units), limit);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      Grant g = ReadGrantRow(*r);
      g.application.program_code = std::string(r->getString(15));
      g.payer_unit_code = std::string(r->getString(16));
      grants.push_back(std::move(g));
    }
    return absl::OkStatus();
  }));
  return grants;
}

absl::StatusOr<std::vector<std::string>> SubsidyStore::PayerUnitsOfGrants(
    const std::vector<int64_t>& grant_ids, absl::Time deadline) {
  // Bounds the memory kept: far more grants than a province makes in years.
  constexpr size_t kMaxKept = 200'000;
  std::vector<std::string> units(grant_ids.size());
  std::vector<size_t> unknown;  // positions not kept yet
  {
    absl::MutexLock lock(&payer_units_mutex_);
    for (size_t i = 0; i < grant_ids.size(); ++i) {
      auto it = payer_units_.find(grant_ids[i]);
      if (it != payer_units_.end()) {
        units[i] = it->second;
      } else {
        unknown.push_back(i);
      }
    }
  }
  if (unknown.empty()) return units;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    sql::PreparedStatement& q = s.Prepare(
        "SELECT p.org_unit_code FROM grants g JOIN programs p ON p.id = g.program_id "
        "WHERE g.id = ?");
    for (size_t i : unknown) {
      q.setInt64(1, grant_ids[i]);
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      if (!r->next()) {
        return absl::NotFoundError(absl::StrCat("grants/", grant_ids[i], " does not exist"));
      }
      units[i] = std::string(r->getString(1));
    }
    return absl::OkStatus();
  }));
  absl::MutexLock lock(&payer_units_mutex_);
  if (payer_units_.size() + unknown.size() > kMaxKept) payer_units_.clear();
  for (size_t i : unknown) payer_units_.emplace(grant_ids[i], units[i]);
  return units;
}

absl::StatusOr<Grant> SubsidyStore::ApproveGrant(int64_t id, const GrantDecision& decision,
                                                 const MutationContext& mutation,
                                                 absl::Time deadline) {
  Grant approved;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "ApproveGrant",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(approved, ReadGrant(s, prior->resource_id, false));
      return absl::OkStatus();
    }
    // Program and year never change: a plain read finds which budget to lock.
    HOPTAC_ASSIGN_OR_RETURN(const Grant unlocked, ReadGrant(s, id, false));
    HOPTAC_ASSIGN_OR_RETURN(const LockedBudget budget,
                            LockBudget(s, unlocked.program_id, unlocked.application.fiscal_year));
    HOPTAC_ASSIGN_OR_RETURN(Grant g, ReadGrant(s, id, true));
    HOPTAC_RETURN_IF_ERROR(CheckGrantTransition(g.state, GrantAction::kApprove, 0));
    if (decision.decision_date < g.application.application_date) {
      return absl::InvalidArgumentError("decision_date: before the application date");
    }
    HOPTAC_ASSIGN_OR_RETURN(const Program program, ReadProgramById(s, g.program_id));
    HOPTAC_RETURN_IF_ERROR(CheckApprovalAmount(
        decision.approved_dong, g.application.requested_dong, budget.budget_dong,
        budget.approved_dong, program.cap_per_beneficiary_dong, ApprovedToBeneficiary(s, g)));
    SetDecision(s, id, GrantState::kApproved, &decision, "");
    AddToBudget(s, g.program_id, g.application.fiscal_year, decision.approved_dong);
    InsertEvent(s, absl::StrCat("grants/", id), "APPROVED",
                absl::StrCat(decision.decision_number, " ", decision.approved_dong, " dong"),
                mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    HOPTAC_ASSIGN_OR_RETURN(approved, ReadGrant(s, id, true));
    return absl::OkStatus();
  }));
  return approved;
}

absl::StatusOr<Grant> SubsidyStore::RejectGrant(int64_t id, const std::string& reason,
                                                const MutationContext& mutation,
                                                absl::Time deadline) {
  Grant rejected;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "RejectGrant",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(rejected, ReadGrant(s, prior->resource_id, false));
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(Grant g, ReadGrant(s, id, true));
    HOPTAC_RETURN_IF_ERROR(CheckGrantTransition(g.state, GrantAction::kReject, 0));
    SetDecision(s, id, GrantState::kRejected, nullptr, reason);
    InsertEvent(s, absl::StrCat("grants/", id), "REJECTED", reason, mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    HOPTAC_ASSIGN_OR_RETURN(rejected, ReadGrant(s, id, true));
    return absl::OkStatus();
  }));
  return rejected;
}

absl::StatusOr<Grant> SubsidyStore::CancelGrant(int64_t id, const std::string& reason,
                                                const MutationContext& mutation,
                                                absl::Time deadline) {
  Grant cancelled;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "CancelGrant",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(cancelled, ReadGrant(s, prior->resource_id, false));
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(const Grant unlocked, ReadGrant(s, id, false));
    HOPTAC_RETURN_IF_ERROR(
        LockBudget(s, unlocked.program_id, unlocked.application.fiscal_year).status());
    HOPTAC_ASSIGN_OR_RETURN(Grant g, ReadGrant(s, id, true));
    HOPTAC_RETURN_IF_ERROR(
        CheckGrantTransition(g.state, GrantAction::kCancel, g.disbursed_net_dong));
    if (g.state == GrantState::kApproved) {
      AddToBudget(s, g.program_id, g.application.fiscal_year, -g.approved_dong);
    }
    SetDecision(s, id, GrantState::kCancelled, nullptr, reason);
    InsertEvent(s, absl::StrCat("grants/", id), "CANCELLED", reason, mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    HOPTAC_ASSIGN_OR_RETURN(cancelled, ReadGrant(s, id, true));
    return absl::OkStatus();
  }));
  return cancelled;
}

}  // namespace hoptac::subsidy
