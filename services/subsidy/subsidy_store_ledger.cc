// SubsidyStore: the append-only disbursement ledger. Every entry locks its
// grant row and moves grants.disbursed_net_dong in the same transaction, so
// the net never exceeds the approved amount.
//
// A disbursement is the hot path, and each statement is a round trip, so it
// takes four and COMMIT: one conditional UPDATE locks the grant, checks it and
// moves the net; the entry is inserted (RETURNING its id); the event; and the
// request_id is claimed last, with its result. When the UPDATE matches no row
// (a rule would be broken) or the request_id turns out to be taken (a retry),
// the work is redone the general way (claim first, read under lock, check
// with grant_rules), which gives the original entry or the exact error.
#include <algorithm>
#include <map>
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

int64_t InsertEntry(SqlSession& s, const LedgerEntry& e, const MutationContext& mutation) {
  sql::PreparedStatement& insert = s.Prepare(
      "INSERT INTO ledger_entries (grant_id, kind, amount_dong, entry_date, reversed_entry_id, "
      "batch_id, note, actor, request_id) "
      "VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?) RETURNING id");
  insert.setInt64(1, e.grant_id);
  insert.setInt(2, static_cast<int>(e.kind));
  insert.setInt64(3, e.amount_dong);
  insert.setString(4, SqlDate(e.entry_date));
  insert.setInt64(5, e.reversed_entry_id);
  insert.setInt64(6, e.batch_id);
  insert.setString(7, e.note);
  insert.setString(8, mutation.actor);
  insert.setString(9, mutation.request_id);
  std::unique_ptr<sql::ResultSet> id(insert.executeQuery());
  id->next();
  return id->getInt64(1);
}

void AddToDisbursed(SqlSession& s, int64_t grant_id, int64_t delta) {
  sql::PreparedStatement& u = s.Prepare(
      "UPDATE grants SET disbursed_net_dong = disbursed_net_dong + ?, "
      "update_time = CURRENT_TIMESTAMP(6) WHERE id = ?");
  u.setInt64(1, delta);
  u.setInt64(2, grant_id);
  u.executeUpdate();
}

// Adds `d` to its grant's net when grant_rules would allow it (approved,
// within the amount, not before the decision), in one statement that also
// locks the row. False when it matched nothing: the caller finds out why.
bool AddToDisbursedIfAllowed(SqlSession& s, const Disbursement& d) {
  if (d.amount_dong <= 0) return false;
  sql::PreparedStatement& u = s.Prepare(
      "UPDATE grants SET disbursed_net_dong = disbursed_net_dong + ?, "
      "update_time = CURRENT_TIMESTAMP(6) "
      "WHERE id = ? AND state = ? AND ? <= approved_dong - disbursed_net_dong "
      "AND (decision_date IS NULL OR decision_date <= ?)");
  u.setInt64(1, d.amount_dong);
  u.setInt64(2, d.grant_id);
  u.setInt(3, static_cast<int>(GrantState::kApproved));
  u.setInt64(4, d.amount_dong);
  u.setString(5, SqlDate(d.entry_date));
  return u.executeUpdate() == 1;
}

// Claims `request_id` with its result, after the work (see the top of the
// file). False when the id is already taken: the caller rolls back.
bool ClaimCompletedRequest(SqlSession& s, const std::string& method,
                           const MutationContext& mutation, const PriorResult& result) {
  if (mutation.request_id.empty()) return true;
  sql::PreparedStatement& claim = s.Prepare(
      "INSERT IGNORE INTO request_log (request_id, method, fingerprint, resource_id, result_id) "
      "VALUES (?, ?, ?, ?, ?)");
  claim.setString(1, mutation.request_id);
  claim.setString(2, method);
  claim.setString(3, mutation.fingerprint);
  claim.setInt64(4, result.resource_id);
  claim.setInt64(5, result.result_id);
  return claim.executeUpdate() == 1;
}

absl::Status CheckEntryDate(const Grant& g, absl::CivilDay day) {
  if (g.has_decision && day < g.decision_date) {
    return absl::FailedPreconditionError(absl::StrCat(
        "entry_date: before the decision date of grants/", g.id));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LedgerEntry> SubsidyStore::RecordDisbursement(const Disbursement& d,
                                                             const MutationContext& mutation,
                                                             absl::Time deadline) {
  constexpr char kMethod[] = "RecordDisbursement";
  LedgerEntry entry;
  // Appends the entry and its event; the grant's net has been moved.
  auto append = [&](SqlSession& s) {
    entry = LedgerEntry{0, d.grant_id, LedgerEntryKind::kDisbursement, d.amount_dong,
                        d.entry_date, 0, d.note, 0};
    entry.id = InsertEntry(s, entry, mutation);
    InsertEvent(s, absl::StrCat("ledgerEntries/", entry.id), "DISBURSED",
                absl::StrCat("grants/", d.grant_id, " ", d.amount_dong, " dong"), mutation);
  };
  // The general way: claim, read under lock, check, write.
  auto checked = [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior,
                            ClaimRequest(s, mutation.request_id, kMethod, mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(entry, ReadEntry(s, prior->result_id));
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(const Grant g, ReadGrant(s, d.grant_id, true, false));
    HOPTAC_RETURN_IF_ERROR(
        CheckDisbursementAmount(g.state, d.amount_dong, g.approved_dong, g.disbursed_net_dong));
    HOPTAC_RETURN_IF_ERROR(CheckEntryDate(g, d.entry_date));
    AddToDisbursed(s, d.grant_id, d.amount_dong);
    append(s);
    CompleteRequest(s, mutation.request_id, {d.grant_id, entry.id});
    return absl::OkStatus();
  };
  bool retry = false;
  const absl::Status fast = db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    retry = false;
    if (!AddToDisbursedIfAllowed(s, d)) return checked(s);
    append(s);
    if (!ClaimCompletedRequest(s, kMethod, mutation, {d.grant_id, entry.id})) {
      retry = true;  // rolled back; the general way finds the original
      return absl::AbortedError("request_id: already claimed");
    }
    return absl::OkStatus();
  });
  if (!retry) {
    HOPTAC_RETURN_IF_ERROR(fast);
    return entry;
  }
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, checked));
  return entry;
}

absl::StatusOr<LedgerEntry> SubsidyStore::ReverseDisbursement(int64_t entry_id,
                                                              absl::CivilDay entry_date,
                                                              const std::string& reason,
                                                              const MutationContext& mutation,
                                                              absl::Time deadline) {
  LedgerEntry reversal;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id,
                                                     "ReverseDisbursement", mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(reversal, ReadEntry(s, prior->result_id));
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(const LedgerEntry original, ReadEntry(s, entry_id));
    if (original.kind != LedgerEntryKind::kDisbursement) {
      return absl::FailedPreconditionError(absl::StrCat(
          "entry: ledgerEntries/", entry_id, " is a reversal; only disbursements are reversed"));
    }
    HOPTAC_ASSIGN_OR_RETURN(const Grant g, ReadGrant(s, original.grant_id, true, false));
    // Under the grant lock, a locking read sees a reversal committed meanwhile.
    sql::PreparedStatement& done = s.Prepare(
        "SELECT id FROM ledger_entries WHERE reversed_entry_id = ? LOCK IN SHARE MODE");
    done.setInt64(1, entry_id);
    std::unique_ptr<sql::ResultSet> r(done.executeQuery());
    if (r->next()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "entry: ledgerEntries/", entry_id, " is already reversed by ledgerEntries/",
          r->getInt64(1)));
    }
    if (entry_date < original.entry_date) {
      return absl::InvalidArgumentError("entry_date: before the date of the disbursement");
    }
    reversal = LedgerEntry{0, g.id, LedgerEntryKind::kReversal, original.amount_dong,
                           entry_date, entry_id, reason, 0};
    reversal.id = InsertEntry(s, reversal, mutation);
    AddToDisbursed(s, g.id, -original.amount_dong);
    InsertEvent(s, absl::StrCat("ledgerEntries/", reversal.id), "REVERSED",
                absl::StrCat("ledgerEntries/", entry_id, ": ", reason), mutation);
    CompleteRequest(s, mutation.request_id, {g.id, reversal.id});
    return absl::OkStatus();
  }));
  return reversal;
}

absl::StatusOr<BatchResult> SubsidyStore::RecordDisbursementBatch(const DisbursementBatch& batch,
                                                                  const MutationContext& mutation,
                                                                  absl::Time deadline) {
  HOPTAC_RETURN_IF_ERROR(CheckControlTotals(batch));
  BatchResult result;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    result = BatchResult{};
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id,
                                                     "RecordDisbursementBatch",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      result.batch_id = prior->result_id;
      sql::PreparedStatement& q = s.Prepare(absl::StrCat(
          "SELECT ", kEntryColumns, " FROM ledger_entries l WHERE l.batch_id = ? ORDER BY l.id"));
      q.setInt64(1, result.batch_id);
      std::unique_ptr<sql::ResultSet> r(q.executeQuery());
      while (r->next()) result.entries.push_back(ReadEntryRow(*r));
      return absl::OkStatus();
    }
    // Lock every grant in id order, so that two batches never wait on each other in a cycle.
    std::map<int64_t, Grant> grants;
    for (const Disbursement& d : batch.disbursements) grants.emplace(d.grant_id, Grant{});
    for (auto& [id, grant] : grants) {
      HOPTAC_ASSIGN_OR_RETURN(grant, ReadGrant(s, id, true, false));
    }
    for (size_t i = 0; i < batch.disbursements.size(); ++i) {
      const Disbursement& d = batch.disbursements[i];
      Grant& g = grants[d.grant_id];
      absl::Status ok =
          CheckDisbursementAmount(g.state, d.amount_dong, g.approved_dong, g.disbursed_net_dong);
      if (ok.ok()) ok = CheckEntryDate(g, d.entry_date);
      if (!ok.ok()) {
        return absl::Status(ok.code(),
                            absl::StrCat("disbursements[", i, "] (grants/", d.grant_id, "): ",
                                         ok.message()));
      }
      g.disbursed_net_dong += d.amount_dong;
    }
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO disbursement_batches (control_count, control_sum_dong, actor, request_id) "
        "VALUES (?, ?, ?, ?)");
    insert.setInt(1, static_cast<int>(batch.control_count));
    insert.setInt64(2, batch.control_sum_dong);
    insert.setString(3, mutation.actor);
    insert.setString(4, mutation.request_id);
    insert.executeUpdate();
    result.batch_id = LastInsertId(s);
    for (const Disbursement& d : batch.disbursements) {
      LedgerEntry e{0, d.grant_id, LedgerEntryKind::kDisbursement, d.amount_dong, d.entry_date,
                    0, d.note, result.batch_id};
      e.id = InsertEntry(s, e, mutation);
      AddToDisbursed(s, d.grant_id, d.amount_dong);
      result.entries.push_back(e);
    }
    InsertEvent(s, absl::StrCat("disbursementBatches/", result.batch_id), "DISBURSED",
                absl::StrCat(batch.control_count, " entries, ", batch.control_sum_dong, " dong"),
                mutation);
    CompleteRequest(s, mutation.request_id, {result.batch_id, result.batch_id});
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<std::string> SubsidyStore::PayerUnitOfEntry(int64_t entry_id,
                                                          absl::Time deadline) {
  std::string unit;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    sql::PreparedStatement& q = s.Prepare(
        "SELECT p.org_unit_code FROM ledger_entries l JOIN grants g ON g.id = l.grant_id "
        "JOIN programs p ON p.id = g.program_id WHERE l.id = ?");
    q.setInt64(1, entry_id);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) {
      return absl::NotFoundError(absl::StrCat("ledgerEntries/", entry_id, " does not exist"));
    }
    unit = std::string(r->getString(1));
    return absl::OkStatus();
  }));
  return unit;
}

absl::StatusOr<std::vector<LedgerEntry>> SubsidyStore::ListLedgerEntries(int64_t grant_id,
                                                                         const UnitScope& units,
                                                                         int64_t after_id,
                                                                         int limit,
                                                                         absl::Time deadline) {
  std::vector<LedgerEntry> entries;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    entries.clear();
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT ", kEntryColumns,
        " FROM ledger_entries l JOIN grants g ON g.id = l.grant_id "
        "JOIN programs p ON p.id = g.program_id "
        "WHERE l.id > ? AND (? = 0 OR l.grant_id = ?) AND ", UnitScopeSql("p.org_unit_code"),
        " ORDER BY l.id LIMIT ?"));
    q.setInt64(1, after_id);
    q.setInt64(2, grant_id);
    q.setInt64(3, grant_id);
    q.setInt(BindUnitScope(q, 4, units), limit);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) entries.push_back(ReadEntryRow(*r));
    return absl::OkStatus();
  }));
  return entries;
}

}  // namespace hoptac::subsidy
