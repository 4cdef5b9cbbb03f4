// RegistryStore: cooperatives, their updates and their lifecycle.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/request_log.h"
#include "services/common/sql_values.h"
#include "services/common/status_macros.h"
#include "services/registry/cooperative_lifecycle.h"
#include "services/registry/cooperative_update.h"
#include "services/registry/registry_store.h"
#include "services/registry/registry_store_sql.h"

namespace hoptac::registry {
namespace {

constexpr char kOpenEnd[] = "9999-12-31";

// INVALID_ARGUMENT naming org_unit: the caller named a unit that does not
// exist on the day that matters.
absl::StatusOr<int64_t> ResolveUnit(SqlSession& s, const std::string& code, absl::CivilDay day) {
  auto id = FindOrgUnitId(s, code, day);
  if (id.ok()) return id;
  return absl::InvalidArgumentError(absl::StrCat("org_unit: ", id.status().message()));
}

void InsertPeriod(SqlSession& s, int64_t cooperative_id, CooperativeStatus status,
                  int64_t org_unit_id, CooperativeKind kind, Sector sector, absl::CivilDay from) {
  sql::PreparedStatement& insert = s.Prepare(
      "INSERT INTO cooperative_periods (cooperative_id, status, org_unit_id, kind, sector, "
      "valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.setInt64(1, cooperative_id);
  insert.setInt(2, static_cast<int>(status));
  insert.setInt64(3, org_unit_id);
  insert.setInt(4, static_cast<int>(kind));
  insert.setInt(5, static_cast<int>(sector));
  insert.setString(6, SqlDate(from));
  insert.setString(7, kOpenEnd);
  insert.executeUpdate();
}

// Ends the open period on `day` (exclusive) and opens the next one from it.
void StartPeriod(SqlSession& s, int64_t cooperative_id, CooperativeStatus status,
                 int64_t org_unit_id, CooperativeKind kind, Sector sector, absl::CivilDay day) {
  sql::PreparedStatement& close = s.Prepare(
      "UPDATE cooperative_periods SET valid_to = ? WHERE cooperative_id = ? AND valid_to = ?");
  close.setString(1, SqlDate(day));
  close.setInt64(2, cooperative_id);
  close.setString(3, kOpenEnd);
  close.executeUpdate();
  InsertPeriod(s, cooperative_id, status, org_unit_id, kind, sector, day);
}

void WriteCooperative(SqlSession& s, const StoredCooperative& c) {
  const CooperativeFields& f = c.record.fields;
  sql::PreparedStatement& update = s.Prepare(
      "UPDATE cooperatives SET display_name = ?, kind = ?, sector = ?, org_unit_id = ?, "
      "address = ?, establishment_date = ?, member_count = ?, employee_count = ?, "
      "charter_capital_dong = ?, status = ?, status_since = ?, revision = ?, update_time = ? "
      "WHERE id = ?");
  update.setString(1, f.display_name);
  update.setInt(2, static_cast<int>(f.kind));
  update.setInt(3, static_cast<int>(f.sector));
  update.setInt64(4, c.org_unit_id);
  update.setString(5, f.address);
  update.setString(6, SqlDate(f.establishment_date));
  update.setInt64(7, f.member_count);
  update.setInt64(8, f.employee_count);
  update.setInt64(9, f.charter_capital_dong);
  update.setInt(10, static_cast<int>(c.record.status));
  update.setString(11, SqlDate(c.record.status_since));
  update.setInt64(12, c.record.revision);
  update.setString(13, SqlTimestamp(c.record.update_time));
  update.setInt64(14, c.record.id);
  update.executeUpdate();
}

absl::Status CheckRevision(const StoredCooperative& c, std::optional<int64_t> expected) {
  if (expected.has_value() && *expected != c.record.revision) {
    return absl::AbortedError(absl::StrCat(
        "etag: cooperatives/", c.record.fields.registration_number, " changed since it was read (",
        "etag ", *expected, ", now ", c.record.revision, "); read it again and retry"));
  }
  return absl::OkStatus();
}

CooperativeEventType EventTypeOf(LifecycleAction action) {
  switch (action) {
    case LifecycleAction::kSuspend: return CooperativeEventType::kSuspended;
    case LifecycleAction::kResume: return CooperativeEventType::kResumed;
    case LifecycleAction::kStartDissolution: return CooperativeEventType::kDissolutionStarted;
    case LifecycleAction::kCompleteDissolution: return CooperativeEventType::kDissolved;
  }
  return CooperativeEventType::kUpdated;
}

}  // namespace

absl::StatusOr<CooperativeRecord> RegistryStore::CreateCooperative(const CooperativeFields& fields,
                                                                   const MutationContext& mutation,
                                                                   absl::Time deadline) {
  CooperativeRecord created;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "CreateCooperative",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(StoredCooperative original, ReadCooperativeById(s, prior->resource_id));
      created = original.record;
      return absl::OkStatus();
    }
    if (ReadCooperative(s, fields.registration_number, /*lock=*/false).ok()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "registration_number: ", fields.registration_number,
          " is already registered (cooperatives/", fields.registration_number, ")"));
    }
    HOPTAC_ASSIGN_OR_RETURN(const int64_t unit_id,
                            ResolveUnit(s, fields.org_unit_code, fields.establishment_date));
    const std::string now = SqlTimestamp(absl::Now());
    sql::PreparedStatement& insert = s.Prepare(
        "INSERT INTO cooperatives (registration_number, display_name, kind, sector, org_unit_id, "
        "address, establishment_date, member_count, employee_count, charter_capital_dong, status, "
        "status_since, revision, create_time, update_time) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
    insert.setString(1, fields.registration_number);
    insert.setString(2, fields.display_name);
    insert.setInt(3, static_cast<int>(fields.kind));
    insert.setInt(4, static_cast<int>(fields.sector));
    insert.setInt64(5, unit_id);
    insert.setString(6, fields.address);
    insert.setString(7, SqlDate(fields.establishment_date));
    insert.setInt64(8, fields.member_count);
    insert.setInt64(9, fields.employee_count);
    insert.setInt64(10, fields.charter_capital_dong);
    insert.setInt(11, static_cast<int>(CooperativeStatus::kActive));
    insert.setString(12, SqlDate(fields.establishment_date));
    insert.setString(13, now);
    insert.setString(14, now);
    insert.executeUpdate();
    const int64_t id = LastInsertId(s);
    InsertPeriod(s, id, CooperativeStatus::kActive, unit_id, fields.kind, fields.sector,
                 fields.establishment_date);
    const int64_t event = InsertEvent(
        s, id, CooperativeEventType::kCreated, fields.establishment_date, "Đăng ký", "", mutation,
        {unit_id, fields.kind, fields.sector}, {}, InitialCooperativeFields(fields));
    CompleteRequest(s, mutation.request_id, {id, event});
    AppendMutationAudit(s, mutation, absl::StrCat("cooperatives/", fields.registration_number));
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative stored, ReadCooperativeById(s, id));
    created = stored.record;
    return absl::OkStatus();
  }));
  return created;
}

absl::StatusOr<CooperativeRecord> RegistryStore::GetCooperative(
    const std::string& registration_number, absl::Time deadline) {
  CooperativeRecord record;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative stored,
                            ReadCooperative(s, registration_number, /*lock=*/false));
    record = stored.record;
    return absl::OkStatus();
  }));
  return record;
}

absl::StatusOr<CooperativeRecord> RegistryStore::GetCooperativeOn(
    const std::string& registration_number, absl::CivilDay day, absl::Time deadline) {
  CooperativeRecord record;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative stored,
                            ReadCooperative(s, registration_number, /*lock=*/false));
    record = stored.record;
    sql::PreparedStatement& q = s.Prepare(
        "SELECT p.status, u.code, p.kind, p.sector, p.valid_from FROM cooperative_periods p "
        "JOIN org_units u ON u.id = p.org_unit_id WHERE p.cooperative_id = ? "
        "AND p.valid_from <= ? AND p.valid_to > ? ORDER BY p.valid_from DESC, p.id DESC LIMIT 1");
    q.setInt64(1, stored.record.id);
    q.setString(2, SqlDate(day));
    q.setString(3, SqlDate(day));
    std::unique_ptr<sql::ResultSet> r(q.executeQuery());
    if (!r->next()) {
      return absl::NotFoundError(absl::StrCat("cooperatives/", registration_number,
                                              " did not exist on ", SqlDate(day)));
    }
    record.status = static_cast<CooperativeStatus>(r->getInt(1));
    record.fields.org_unit_code = r->getString(2);
    record.fields.kind = static_cast<CooperativeKind>(r->getInt(3));
    record.fields.sector = static_cast<Sector>(r->getInt(4));
    record.status_since = ParseSqlDate(std::string(r->getString(5)));
    return absl::OkStatus();
  }));
  return record;
}

absl::StatusOr<CooperativePage> RegistryStore::ListCooperatives(
    const CooperativeFilter& filter, int page_size, const std::vector<std::string>& after,
    absl::Time deadline) {
  CooperativePage page;
  HOPTAC_RETURN_IF_ERROR(db_.WithSession(deadline, [&](SqlSession& s) -> absl::Status {
    std::string where = "WHERE 1 = 1 ";  // kSelectCooperative ends with the FROM clause
    int64_t unit_id = 0;
    if (!filter.org_unit_code.empty()) {
      HOPTAC_ASSIGN_OR_RETURN(unit_id, ResolveUnit(s, filter.org_unit_code, filter.as_of));
      absl::StrAppend(&where,
                      "AND c.org_unit_id IN (SELECT descendant_id FROM org_unit_closure "
                      "WHERE ancestor_id = ?) ");
    }
    if (!filter.statuses.empty()) {
      std::vector<std::string> codes;
      for (CooperativeStatus st : filter.statuses) codes.push_back(absl::StrCat(static_cast<int>(st)));
      // Enum values validated by the handler: plain integers, no user text.
      absl::StrAppend(&where, "AND c.status IN (", absl::StrJoin(codes, ","), ") ");
    }
    if (filter.sector.has_value()) absl::StrAppend(&where, "AND c.sector = ? ");
    if (filter.kind.has_value()) absl::StrAppend(&where, "AND c.kind = ? ");
    if (!filter.name_prefix.empty()) absl::StrAppend(&where, "AND c.display_name LIKE ? ");
    int64_t after_id = 0;
    const bool has_after = after.size() == 2 && absl::SimpleAtoi(after[1], &after_id);
    if (has_after) {
      absl::StrAppend(&where,
                      "AND (c.display_name > ? OR (c.display_name = ? AND c.id > ?)) ");
    }
    // Whole rows in one query: no per-row read back.
    sql::PreparedStatement& list = s.Prepare(absl::StrCat(
        kSelectCooperative, where, "ORDER BY c.display_name, c.id LIMIT ?"));
    int i = 1;
    if (!filter.org_unit_code.empty()) list.setInt64(i++, unit_id);
    if (filter.sector.has_value()) list.setInt(i++, static_cast<int>(*filter.sector));
    if (filter.kind.has_value()) list.setInt(i++, static_cast<int>(*filter.kind));
    if (!filter.name_prefix.empty()) {
      std::string pattern;
      for (const char ch : filter.name_prefix) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern.push_back('\\');
        pattern.push_back(ch);
      }
      list.setString(i++, pattern + "%");
    }
    if (has_after) {
      list.setString(i++, after[0]);
      list.setString(i++, after[0]);
      list.setInt64(i++, after_id);
    }
    list.setInt(i++, page_size + 1);
    {
      std::unique_ptr<sql::ResultSet> r(list.executeQuery());
      while (r->next()) page.cooperatives.push_back(ReadCooperativeRow(*r).record);
    }
    const bool more = static_cast<int>(page.cooperatives.size()) > page_size;
    if (more) page.cooperatives.pop_back();
    if (more) {
      const CooperativeRecord& last = page.cooperatives.back();
      page.next_after = {last.fields.display_name, absl::StrCat(last.id)};
    }
    return absl::OkStatus();
  }));
  return page;
}

absl::StatusOr<CooperativeRecord> RegistryStore::UpdateCooperative(
    const std::string& registration_number, const CooperativeFields& fields,
    const std::vector<std::string>& mask, int64_t expected_revision, const std::string& reason,
    absl::CivilDay today, const MutationContext& mutation, absl::Time deadline) {
  CooperativeRecord updated;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(auto prior, ClaimRequest(s, mutation.request_id, "UpdateCooperative",
                                                     mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(StoredCooperative c, ReadCooperativeById(s, prior->resource_id));
      updated = c.record;
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative c,
                            ReadCooperative(s, registration_number, /*lock=*/true));
    HOPTAC_RETURN_IF_ERROR(CheckAuthorizedUnit(c, mutation));
    HOPTAC_RETURN_IF_ERROR(CheckRevision(c, expected_revision));
    if (c.record.status == CooperativeStatus::kDissolved) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cooperatives/", registration_number, " is DISSOLVED (đã giải thể) and cannot change"));
    }
    const CooperativeFields before = c.record.fields;
    ApplyUpdateMask(fields, mask, c.record.fields);
    const std::vector<FieldChange> changes = DiffCooperativeFields(before, c.record.fields);
    const std::string resource = absl::StrCat("cooperatives/", registration_number);
    if (changes.empty()) {
      // Nothing to change: no new revision, no history event; the call is
      // still a successful mutation on the audit trail.
      AppendMutationAudit(s, mutation, resource);
      updated = c.record;
      return absl::OkStatus();
    }
    if (c.record.fields.establishment_date > c.record.status_since &&
        c.record.status != CooperativeStatus::kActive) {
      return absl::InvalidArgumentError(
          "establishment_date: must not be after the current status began");
    }
    const bool moved = c.record.fields.org_unit_code != before.org_unit_code;
    if (moved) {
      HOPTAC_ASSIGN_OR_RETURN(c.org_unit_id, ResolveUnit(s, c.record.fields.org_unit_code, today));
    }
    if (moved || c.record.fields.kind != before.kind || c.record.fields.sector != before.sector) {
      StartPeriod(s, c.record.id, c.record.status, c.org_unit_id, c.record.fields.kind,
                  c.record.fields.sector, today);
    }
    if (c.record.fields.establishment_date != before.establishment_date) {
      // The first period starts on the establishment date.
      sql::PreparedStatement& first = s.Prepare(
          "UPDATE cooperative_periods SET valid_from = ? WHERE cooperative_id = ? "
          "AND valid_from = ?");
      first.setString(1, SqlDate(c.record.fields.establishment_date));
      first.setInt64(2, c.record.id);
      first.setString(3, SqlDate(before.establishment_date));
      first.executeUpdate();
      if (c.record.status_since == before.establishment_date) {
        c.record.status_since = c.record.fields.establishment_date;
      }
    }
    c.record.revision += 1;
    c.record.update_time = absl::Now();
    WriteCooperative(s, c);
    const int64_t event =
        InsertEvent(s, c.record.id, CooperativeEventType::kUpdated, today, reason, "", mutation,
                    {c.org_unit_id, c.record.fields.kind, c.record.fields.sector}, {}, changes);
    CompleteRequest(s, mutation.request_id, {c.record.id, event});
    AppendMutationAudit(s, mutation, resource);
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative stored, ReadCooperativeById(s, c.record.id));
    updated = stored.record;
    return absl::OkStatus();
  }));
  return updated;
}

absl::StatusOr<CooperativeRecord> RegistryStore::ChangeLifecycle(
    const std::string& registration_number, const LifecycleChange& change, absl::CivilDay today,
    const MutationContext& mutation, absl::Time deadline) {
  CooperativeRecord changed;
  HOPTAC_RETURN_IF_ERROR(db_.InTransaction(deadline, [&](SqlSession& s) -> absl::Status {
    HOPTAC_ASSIGN_OR_RETURN(
        auto prior, ClaimRequest(s, mutation.request_id,
                                 absl::StrCat("Lifecycle.", ActionName(change.action)),
                                 mutation.fingerprint));
    if (prior.has_value()) {
      HOPTAC_ASSIGN_OR_RETURN(StoredCooperative c, ReadCooperativeById(s, prior->resource_id));
      changed = c.record;
      return absl::OkStatus();
    }
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative c,
                            ReadCooperative(s, registration_number, /*lock=*/true));
    HOPTAC_RETURN_IF_ERROR(CheckAuthorizedUnit(c, mutation));
    HOPTAC_RETURN_IF_ERROR(CheckRevision(c, change.expected_revision));
    HOPTAC_ASSIGN_OR_RETURN(const CooperativeStatus next, NextStatus(c.record.status, change.action));
    if (change.effective_date < c.record.status_since) {
      return absl::InvalidArgumentError(absl::StrCat(
          "effective_date: ", FormatDay(change.effective_date),
          " is before the current status began on ", FormatDay(c.record.status_since)));
    }
    if (change.effective_date > today) {
      return absl::InvalidArgumentError(absl::StrCat(
          "effective_date: ", FormatDay(change.effective_date), " is in the future (today is ",
          FormatDay(today), ")"));
    }
    StartPeriod(s, c.record.id, next, c.org_unit_id, c.record.fields.kind, c.record.fields.sector,
                change.effective_date);
    const CooperativeStatus before = c.record.status;
    c.record.status = next;
    c.record.status_since = change.effective_date;
    c.record.revision += 1;
    c.record.update_time = absl::Now();
    WriteCooperative(s, c);
    EventFacts facts;
    if (change.action == LifecycleAction::kStartDissolution) {
      facts.dissolution_kind = change.dissolution_kind;
    }
    const int64_t event = InsertEvent(
        s, c.record.id, EventTypeOf(change.action), change.effective_date, change.reason,
        change.legal_document, mutation, {c.org_unit_id, c.record.fields.kind, c.record.fields.sector},
        facts, {{"status", StatusName(before), StatusName(next)}});
    CompleteRequest(s, mutation.request_id, {c.record.id, event});
    AppendMutationAudit(s, mutation, absl::StrCat("cooperatives/", registration_number));
    HOPTAC_ASSIGN_OR_RETURN(StoredCooperative stored, ReadCooperativeById(s, c.record.id));
    changed = stored.record;
    return absl::OkStatus();
  }));
  return changed;
}

}  // namespace hoptac::registry
