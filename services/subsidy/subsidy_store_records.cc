// SubsidyStore: programs and beneficiaries.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/request_log.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/subsidy/subsidy_store.h"
#include "services/subsidy/subsidy_store_sql.h"

namespace hoptac::subsidy {

absl::StatusOr<bool> SubsidyStore::WasApplied(const std::string& method,
                                             const MutationContext& mutation,
                                             absl::Time deadline) {
  if (mutation.request_id.empty()) return false;
  bool applied = false;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    sql::PreparedStatement& read =
        s.Prepare("SELECT method, fingerprint FROM request_log WHERE request_id = ?");
    read.setString(1, mutation.request_id);
    std::unique_ptr<sql::ResultSet> row(read.executeQuery());
    applied = row->next();
    if (applied && (std::string(row->getString(1)) != method ||
                    std::string(row->getString(2)) != mutation.fingerprint)) {
      // As ClaimRequest says it.
      return absl::AlreadyExistsError(absl::StrCat(
          "request_id: '", mutation.request_id,
          "' was already used for a different request; use a new request_id"));
    }
    return absl::OkStatus();
  }));
  return applied;
}

absl::StatusOr<Program> SubsidyStore::CreateProgram(const Program& program,
                                                    const MutationContext& mutation,
                                                    absl::Time deadline) {
  Program created;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "CreateProgram",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(created, ReadProgramById(s, prior->resource_id));
      return absl::OkStatus();
    }
    if (ReadProgram(s, program.code, nullptr).ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat("program.code: programs/", program.code, " already exists"));
    }
    std::vector<int> kinds;
    for (BeneficiaryKind k : program.eligible_kinds) kinds.push_back(static_cast<int>(k));
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO programs (code, title, legal_basis, support_kind, fund_source, org_unit_code, "
        "eligible_kinds, cap_per_beneficiary_dong, valid_from, valid_to) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setString(1, program.code);
    insert.setString(2, program.title);
    insert.setString(3, absl::StrJoin(program.legal_basis, "\n"));
    insert.setInt(4, static_cast<int>(program.support_kind));
    insert.setInt(5, static_cast<int>(program.fund_source));
    insert.setString(6, program.org_unit_code);
    insert.setString(7, absl::StrJoin(kinds, ","));
    insert.setInt64(8, program.cap_per_beneficiary_dong);
    insert.setString(9, SqlDate(program.valid_from));
    insert.setString(10, SqlDate(program.valid_to));
    insert.executeUpdate();
    const int64_t id = LastInsertId(s);
    for (const ProgramBudget& b : program.budgets) {
      sql::PreparedStatement& budget = s.Prepare(
          "INSERT INTO program_budgets (program_id, fiscal_year, budget_dong) VALUES (?, ?, ?)");
      budget.setInt64(1, id);
      budget.setInt(2, b.fiscal_year);
      budget.setInt64(3, b.budget_dong);
      budget.executeUpdate();
    }
    InsertEvent(s, absl::StrCat("programs/", program.code), "CREATED", program.title, mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    HOPTAC_ASSIGN_OR_RETURN(created, ReadProgram(s, program.code, nullptr));
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<Program> SubsidyStore::GetProgram(const std::string& code, absl::Time deadline) {
  Program program;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(program, ReadProgram(s, code, nullptr));
    return absl::OkStatus();
  }));
  return program;
}

absl::StatusOr<std::vector<Program>> SubsidyStore::ListPrograms(SupportKind kind,
                                                                const std::string& org_unit_code,
                                                                const UnitScope& units,
                                                                const std::string& after_code,
                                                                int limit, absl::Time deadline) {
  std::vector<Program> programs;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    programs.clear();
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT code FROM programs WHERE code > ? AND (? = 0 OR support_kind = ?) "
        "AND (? = '' OR org_unit_code = ?) AND ", UnitScopeSql("org_unit_code"),
        " ORDER BY code LIMIT ?"));
    q.setString(1, after_code);
    q.setInt(2, static_cast<int>(kind));
    q.setInt(3, static_cast<int>(kind));
    q.setString(4, org_unit_code);
    q.setString(5, org_unit_code);
    q.setInt(BindUnitScope(q, 6, units), limit);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) {
      HOPTAC_ASSIGN_OR_RETURN(Program p, ReadProgram(s, std::string(r->getString(1)), nullptr));
      programs.push_back(std::move(p));
    }
    return absl::OkStatus();
  }));
  return programs;
}

absl::StatusOr<Beneficiary> SubsidyStore::CreateBeneficiary(const Beneficiary& beneficiary,
                                                            const MutationContext& mutation,
                                                            absl::Time deadline) {
  Beneficiary created;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "CreateBeneficiary",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(created, ReadBeneficiary(s, prior->resource_id));
      return absl::OkStatus();
    }
    // De-duplication: one beneficiary per registration number and per tax code.
    sql::PreparedStatement& existing = s.Prepare(
        "SELECT id FROM beneficiaries WHERE (? <> '' AND registration_number = ?) "
        "OR (? <> '' AND tax_code = ?) LIMIT 1");
    existing.setString(1, beneficiary.registration_number);
    existing.setString(2, beneficiary.registration_number);
    existing.setString(3, beneficiary.tax_code);
    existing.setString(4, beneficiary.tax_code);
    std::unique_ptr<sql::ResultSet> found(existing.executeQuery());
    if (found->next()) {
      return absl::AlreadyExistsError(absl::StrCat(
          beneficiary.registration_number.empty() ? "beneficiary.tax_code"
                                                  : "beneficiary.registration_number",
          ": already recorded as beneficiaries/", found->getInt64(1)));
    }
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO beneficiaries (kind, registration_number, tax_code, id_number, display_name, "
        "org_unit_code) VALUES (?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?, ?)");
    insert.setInt(1, static_cast<int>(beneficiary.kind));
    insert.setString(2, beneficiary.registration_number);
    insert.setString(3, beneficiary.tax_code);
    insert.setString(4, beneficiary.id_number);
    insert.setString(5, beneficiary.display_name);
    insert.setString(6, beneficiary.org_unit_code);
    insert.executeUpdate();
    const int64_t id = LastInsertId(s);
    InsertEvent(s, absl::StrCat("beneficiaries/", id), "CREATED", beneficiary.display_name,
                mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    HOPTAC_ASSIGN_OR_RETURN(created, ReadBeneficiary(s, id));
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<Beneficiary> SubsidyStore::GetBeneficiary(int64_t id, absl::Time deadline) {
  Beneficiary b;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(b, ReadBeneficiary(s, id));
    return absl::OkStatus();
  }));
  return b;
}

absl::StatusOr<std::vector<Beneficiary>> SubsidyStore::ListBeneficiaries(BeneficiaryKind kind,
                                                                         const UnitScope& units,
                                                                         int64_t after_id,
                                                                         int limit,
                                                                         absl::Time deadline) {
  std::vector<Beneficiary> list;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    list.clear();
    sql::PreparedStatement& q = s.Prepare(absl::StrCat(
        "SELECT ", kBeneficiaryColumns,
        " FROM beneficiaries b WHERE b.id > ? AND (? = 0 OR b.kind = ?) AND ",
        UnitScopeSql("b.org_unit_code"), " ORDER BY b.id LIMIT ?"));
    q.setInt64(1, after_id);
    q.setInt(2, static_cast<int>(kind));
    q.setInt(3, static_cast<int>(kind));
    q.setInt(BindUnitScope(q, 4, units), limit);
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    while (r->next()) list.push_back(ReadBeneficiaryRow(*r));
    return absl::OkStatus();
  }));
  return list;
}

namespace {

// ABORTED naming `resource` unless `etag` is `revision`.
absl::Status CheckEtag(const std::string& etag, int64_t revision, const std::string& resource) {
  if (etag != absl::StrCat(revision)) {
    return absl::AbortedError(absl::StrCat(
        "etag: ", resource, " was changed since it was read (etag now \"", revision,
        "\"); read it again and reapply the change"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Program> SubsidyStore::UpdateProgram(
    const std::string& code, const std::string& etag, const std::vector<std::string>& fields,
    const std::function<absl::Status(Program&)>& change, const MutationContext& mutation,
    absl::Time deadline) {
  Program updated;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "UpdateProgram",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(updated, ReadProgramById(s, prior->resource_id));
      return absl::OkStatus();
    }
    sql::PreparedStatement& lock =
        s.Prepare("SELECT id, revision FROM programs WHERE code = ? FOR UPDATE");
    lock.setString(1, code);
    std::unique_ptr<sql::ResultSet> locked(lock.executeQuery());
    if (!locked->next()) {
      return absl::NotFoundError(absl::StrCat("programs/", code, " does not exist"));
    }
    const int64_t id = locked->getInt64(1);
    HOPTAC_RETURN_IF_ERROR(CheckEtag(etag, locked->getInt64(2), absl::StrCat("programs/", code)));
    HOPTAC_ASSIGN_OR_RETURN(updated, ReadProgram(s, code, nullptr));
    HOPTAC_RETURN_IF_ERROR(change(updated));
    sql::PreparedStatement& u = s.Prepare(
        "UPDATE programs SET title = ?, legal_basis = ?, valid_from = ?, valid_to = ?, "
        "revision = revision + 1 WHERE id = ?");
    u.setString(1, updated.title);
    u.setString(2, absl::StrJoin(updated.legal_basis, "\n"));
    u.setString(3, SqlDate(updated.valid_from));
    u.setString(4, SqlDate(updated.valid_to));
    u.setInt64(5, id);
    u.executeUpdate();
    ++updated.revision;
    InsertEvent(s, absl::StrCat("programs/", code), "UPDATED", absl::StrJoin(fields, ","),
                mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    return absl::OkStatus();
  }));
  return updated;
}

absl::StatusOr<Beneficiary> SubsidyStore::UpdateBeneficiary(
    int64_t id, const std::string& etag, const std::vector<std::string>& fields,
    const std::function<absl::Status(Beneficiary&)>& change, const MutationContext& mutation,
    absl::Time deadline) {
  Beneficiary updated;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "UpdateBeneficiary",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(updated, ReadBeneficiary(s, prior->resource_id));
      return absl::OkStatus();
    }
    sql::PreparedStatement& lock =
        s.Prepare("SELECT revision FROM beneficiaries WHERE id = ? FOR UPDATE");
    lock.setInt64(1, id);
    std::unique_ptr<sql::ResultSet> locked(lock.executeQuery());
    if (!locked->next()) {
      return absl::NotFoundError(absl::StrCat("beneficiaries/", id, " does not exist"));
    }
    HOPTAC_RETURN_IF_ERROR(
        CheckEtag(etag, locked->getInt64(1), absl::StrCat("beneficiaries/", id)));
    HOPTAC_ASSIGN_OR_RETURN(updated, ReadBeneficiary(s, id));
    HOPTAC_RETURN_IF_ERROR(change(updated));
    sql::PreparedStatement& u = s.Prepare(
        "UPDATE beneficiaries SET display_name = ?, org_unit_code = ?, revision = revision + 1 "
        "WHERE id = ?");
    u.setString(1, updated.display_name);
    u.setString(2, updated.org_unit_code);
    u.setInt64(3, id);
    u.executeUpdate();
    ++updated.revision;
    InsertEvent(s, absl::StrCat("beneficiaries/", id), "UPDATED", absl::StrJoin(fields, ","),
                mutation);
    CompleteRequest(s, mutation.request_id, {id, id});
    return absl::OkStatus();
  }));
  return updated;
}

}  // namespace hoptac::subsidy
