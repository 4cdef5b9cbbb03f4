// SubsidyStore: reading rows, writing events.
#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/auth/audit_log.h"
#include "services/common/sql_values.h"
#include "services/subsidy/subsidy_store_sql.h"

namespace hoptac::subsidy {

const char kProgramColumns[] =
    "p.code, p.title, p.legal_basis, p.support_kind, p.fund_source, p.org_unit_code, "
    "p.eligible_kinds, p.cap_per_beneficiary_dong, p.valid_from, p.valid_to, p.id, p.revision";
const char kBeneficiaryColumns[] =
    "b.id, b.kind, b.registration_number, b.tax_code, b.id_number, b.display_name, "
    "b.org_unit_code, b.revision";
const char kGrantColumns[] =
    "g.id, g.program_id, g.beneficiary_id, g.fiscal_year, g.project_title, g.application_date, "
    "g.requested_dong, g.state, g.decision_number, g.decision_date, g.approved_dong, g.reason, "
    "g.disbursed_net_dong, g.org_unit_code";
const char kEntryColumns[] =
    "l.id, l.grant_id, l.kind, l.amount_dong, l.entry_date, l.reversed_entry_id, l.note, "
    "l.batch_id";

namespace {
std::string Text(sql::ResultSet& r, int column) {
  return r.isNull(column) ? std::string() : std::string(r.getString(column));
}
}  // namespace


void InsertEvent(SqlSession& s, const std::string& resource, const std::string& event_type,
                 const std::string& detail, const MutationContext& mutation) {
  sql::PreparedStatement& insert = s.Prepare(
      "INSERT INTO events (resource, event_type, detail, actor, request_id) VALUES (?, ?, ?, ?, ?)");
  insert.setString(1, resource);
  insert.setString(2, event_type);
  insert.setString(3, detail.substr(0, 1000));
  insert.setString(4, mutation.actor);
  insert.setString(5, mutation.request_id);
  insert.executeUpdate();
  if (mutation.audit.has_value()) {
    AuditEvent audit = *mutation.audit;
    audit.resource = resource;
    AppendAuditEvent(s, audit);
  }
}

std::string UnitScopeSql(const std::string& column) {
  return absl::StrCat("(? = 0 OR FIND_IN_SET(", column, ", ?) > 0)");
}

int BindUnitScope(sql::PreparedStatement& q, int index, const UnitScope& units) {
  q.setInt(index++, units.has_value() ? 1 : 0);
  q.setString(index++, units.has_value() ? absl::StrJoin(*units, ",") : std::string());
  return index;
}

Program ReadProgramRow(sql::ResultSet& r) {
  Program p;
  p.code = Text(r, 1);
  p.title = Text(r, 2);
  p.legal_basis = absl::StrSplit(Text(r, 3), '\n', absl::SkipEmpty());
  p.support_kind = static_cast<SupportKind>(r.getInt(4));
  p.fund_source = static_cast<FundSource>(r.getInt(5));
  p.org_unit_code = Text(r, 6);
  for (absl::string_view k : absl::StrSplit(Text(r, 7), ',', absl::SkipEmpty())) {
    int value = 0;
    if (absl::SimpleAtoi(k, &value)) p.eligible_kinds.push_back(static_cast<BeneficiaryKind>(value));
  }
  p.cap_per_beneficiary_dong = r.getInt64(8);
  p.valid_from = ParseSqlDate(Text(r, 9));
  p.valid_to = ParseSqlDate(Text(r, 10));
  p.revision = r.getInt64(12);
  return p;
}

Beneficiary ReadBeneficiaryRow(sql::ResultSet& r) {
  Beneficiary b;
  b.id = r.getInt64(1);
  b.kind = static_cast<BeneficiaryKind>(r.getInt(2));
  b.registration_number = Text(r, 3);
  b.tax_code = Text(r, 4);
  b.id_number = Text(r, 5);
  b.display_name = Text(r, 6);
  b.org_unit_code = Text(r, 7);
  b.revision = r.getInt64(8);
  return b;
}

Grant ReadGrantRow(sql::ResultSet& r) {
  Grant g;
  g.id = r.getInt64(1);
  g.program_id = r.getInt64(2);
  g.application.beneficiary_id = r.getInt64(3);
  g.application.fiscal_year = r.getInt(4);
  g.application.project_title = Text(r, 5);
  g.application.application_date = ParseSqlDate(Text(r, 6));
  g.application.requested_dong = r.getInt64(7);
  g.state = static_cast<GrantState>(r.getInt(8));
  g.decision_number = Text(r, 9);
  g.has_decision = !r.isNull(10);
  if (g.has_decision) g.decision_date = ParseSqlDate(Text(r, 10));
  g.approved_dong = r.getInt64(11);
  g.reason = Text(r, 12);
  g.disbursed_net_dong = r.getInt64(13);
  g.org_unit_code = Text(r, 14);
  return g;
}

LedgerEntry ReadEntryRow(sql::ResultSet& r) {
  LedgerEntry e;
  e.id = r.getInt64(1);
  e.grant_id = r.getInt64(2);
  e.kind = static_cast<LedgerEntryKind>(r.getInt(3));
  e.amount_dong = r.getInt64(4);
  e.entry_date = ParseSqlDate(Text(r, 5));
  e.reversed_entry_id = r.isNull(6) ? 0 : r.getInt64(6);
  e.note = Text(r, 7);
  e.batch_id = r.isNull(8) ? 0 : r.getInt64(8);
  return e;
}

absl::StatusOr<Program> ReadProgram(SqlSession& s, const std::string& code, int64_t* id) {
  sql::PreparedStatement& q =
      s.Prepare(absl::StrCat("SELECT ", kProgramColumns, " FROM programs p WHERE p.code = ?"));
  q.setString(1, code);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("programs/", code, " does not exist"));
  if (id != nullptr) *id = r->getInt64(11);
  Program p = ReadProgramRow(*r);
  sql::PreparedStatement& b = s.Prepare(
      "SELECT fiscal_year, budget_dong, approved_dong FROM program_budgets WHERE program_id = ? "
      "ORDER BY fiscal_year");
  b.setInt64(1, r->getInt64(11));
  std::unique_ptr<sql::ResultSet> rows(b.executeQuery());
  while (rows->next()) {
    p.budgets.push_back({rows->getInt(1), rows->getInt64(2), rows->getInt64(3)});
  }
  return p;
}

absl::StatusOr<Program> ReadProgramById(SqlSession& s, int64_t id) {
  sql::PreparedStatement& q = s.Prepare("SELECT code FROM programs WHERE id = ?");
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("program ", id, " does not exist"));
  return ReadProgram(s, std::string(r->getString(1)), nullptr);
}

absl::StatusOr<Beneficiary> ReadBeneficiary(SqlSession& s, int64_t id) {
  sql::PreparedStatement& q = s.Prepare(
      absl::StrCat("SELECT ", kBeneficiaryColumns, " FROM beneficiaries b WHERE b.id = ?"));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::NotFoundError(absl::StrCat("beneficiaries/", id, " does not exist"));
  }
  return ReadBeneficiaryRow(*r);
}

void FillProgramCode(SqlSession& s, Grant& g) {
  sql::PreparedStatement& q = s.Prepare("SELECT code, org_unit_code FROM programs WHERE id = ?");
  q.setInt64(1, g.program_id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (r->next()) {
    g.application.program_code = std::string(r->getString(1));
    g.payer_unit_code = std::string(r->getString(2));
  }
}

absl::StatusOr<Grant> ReadGrant(SqlSession& s, int64_t id, bool lock, bool with_program_code) {
  // Only the grant row is locked (a join would lock the program row too and
  // serialise every grant of the program).
  sql::PreparedStatement& q = s.Prepare(absl::StrCat(
      "SELECT ", kGrantColumns, " FROM grants g WHERE g.id = ?", lock ? " FOR UPDATE" : ""));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("grants/", id, " does not exist"));
  Grant g = ReadGrantRow(*r);
  if (with_program_code) FillProgramCode(s, g);
  return g;
}

absl::StatusOr<LedgerEntry> ReadEntry(SqlSession& s, int64_t id) {
  sql::PreparedStatement& q = s.Prepare(
      absl::StrCat("SELECT ", kEntryColumns, " FROM ledger_entries l WHERE l.id = ?"));
  q.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(q.executeQuery());
  if (!r->next()) {
    return absl::NotFoundError(absl::StrCat("ledgerEntries/", id, " does not exist"));
  }
  return ReadEntryRow(*r);
}

}  // namespace hoptac::subsidy
