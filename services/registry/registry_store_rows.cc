// RegistryStore: reading cooperative rows and appending events, shared by the
// store's files.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/auth/audit_log.h"
#include "services/common/sql_values.h"
#include "services/registry/registry_store_sql.h"

namespace hoptac::registry {
constexpr char kSelectCooperative[] =
    "SELECT c.id, c.registration_number, c.display_name, c.kind, c.sector, u.code, c.address, "
    "c.establishment_date, c.member_count, c.employee_count, c.charter_capital_dong, c.status, "
    "c.status_since, c.revision, c.create_time, c.update_time, c.org_unit_id "
    "FROM cooperatives c JOIN org_units u ON u.id = c.org_unit_id ";

StoredCooperative ReadCooperativeRow(sql::ResultSet& r) {
  StoredCooperative out;
  CooperativeRecord& c = out.record;
  c.id = r.getInt64(1);
  c.fields.registration_number = r.getString(2);
  c.fields.display_name = r.getString(3);
  c.fields.kind = static_cast<CooperativeKind>(r.getInt(4));
  c.fields.sector = static_cast<Sector>(r.getInt(5));
  c.fields.org_unit_code = r.getString(6);
  c.fields.address = r.getString(7);
  c.fields.establishment_date = ParseSqlDate(std::string(r.getString(8)));
  c.fields.member_count = r.getInt64(9);
  c.fields.employee_count = r.getInt64(10);
  c.fields.charter_capital_dong = r.getInt64(11);
  c.status = static_cast<CooperativeStatus>(r.getInt(12));
  c.status_since = ParseSqlDate(std::string(r.getString(13)));
  c.revision = r.getInt64(14);
  c.create_time = ParseSqlTimestamp(std::string(r.getString(15)));
  c.update_time = ParseSqlTimestamp(std::string(r.getString(16)));
  out.org_unit_id = r.getInt64(17);
  return out;
}

namespace {

void SetOptionalInt(sql::PreparedStatement& p, int index, std::optional<int> value) {
  if (value.has_value()) {
    p.setInt(index, *value);
  } else {
    p.setNull(index, 0);
  }
}

}  // namespace

absl::StatusOr<StoredCooperative> ReadCooperative(SqlSession& s,
                                                  const std::string& registration_number,
                                                  bool lock) {
  sql::PreparedStatement& read = s.Prepare(absl::StrCat(
      kSelectCooperative, "WHERE c.registration_number = ?", lock ? " FOR UPDATE" : ""));
  read.setString(1, registration_number);
  std::unique_ptr<sql::ResultSet> r(read.executeQuery());
  if (!r->next()) {
    return absl::NotFoundError(
        absl::StrCat("cooperatives/", registration_number, ": no such cooperative"));
  }
  return ReadCooperativeRow(*r);
}

absl::StatusOr<StoredCooperative> ReadCooperativeById(SqlSession& s, int64_t id) {
  sql::PreparedStatement& read = s.Prepare(absl::StrCat(kSelectCooperative, "WHERE c.id = ?"));
  read.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> r(read.executeQuery());
  if (!r->next()) return absl::NotFoundError(absl::StrCat("cooperative ", id, " is gone"));
  return ReadCooperativeRow(*r);
}

CooperativeSnapshot SnapshotOn(SqlSession& s, const StoredCooperative& cooperative,
                               absl::CivilDay day) {
  sql::PreparedStatement& read = s.Prepare(
      "SELECT org_unit_id, kind, sector FROM cooperative_periods WHERE cooperative_id = ? "
      "AND valid_from <= ? ORDER BY valid_from DESC, id DESC LIMIT 1");
  read.setInt64(1, cooperative.record.id);
  read.setString(2, SqlDate(day));
  std::unique_ptr<sql::ResultSet> r(read.executeQuery());
  if (r->next()) {
    return {r->getInt64(1), static_cast<CooperativeKind>(r->getInt(2)),
            static_cast<Sector>(r->getInt(3))};
  }
  return {cooperative.org_unit_id, cooperative.record.fields.kind, cooperative.record.fields.sector};
}

int64_t InsertEvent(SqlSession& s, int64_t cooperative_id, CooperativeEventType type,
                    absl::CivilDay effective_date, const std::string& reason,
                    const std::string& legal_document, const MutationContext& mutation,
                    const CooperativeSnapshot& snapshot, const EventFacts& facts,
                    const std::vector<FieldChange>& changes) {
  sql::PreparedStatement& insert = s.Prepare(
      "INSERT INTO cooperative_events (cooperative_id, event_type, effective_date, record_time, "
      "actor, reason, legal_document, request_id, org_unit_id, kind, sector, dissolution_kind, "
      "grade, subject_year, on_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.setInt64(1, cooperative_id);
  insert.setInt(2, static_cast<int>(type));
  insert.setString(3, SqlDate(effective_date));
  insert.setString(4, SqlTimestamp(absl::Now()));
  insert.setString(5, mutation.actor);
  insert.setString(6, reason);
  insert.setString(7, legal_document);
  if (mutation.request_id.empty()) {
    insert.setNull(8, 0);
  } else {
    insert.setString(8, mutation.request_id);
  }
  insert.setInt64(9, snapshot.org_unit_id);
  insert.setInt(10, static_cast<int>(snapshot.kind));
  insert.setInt(11, static_cast<int>(snapshot.sector));
  SetOptionalInt(insert, 12,
                 facts.dissolution_kind ? std::optional<int>(static_cast<int>(*facts.dissolution_kind))
                                        : std::nullopt);
  SetOptionalInt(insert, 13,
                 facts.grade ? std::optional<int>(static_cast<int>(*facts.grade)) : std::nullopt);
  SetOptionalInt(insert, 14, facts.subject_year);
  SetOptionalInt(insert, 15,
                 facts.on_time ? std::optional<int>(*facts.on_time ? 1 : 0) : std::nullopt);
  insert.executeUpdate();
  const int64_t event_id = LastInsertId(s);
  if (!changes.empty()) {
    // One multi-row INSERT: a creation records ten fields.
    std::string statement =
        "INSERT INTO cooperative_event_changes (event_id, field, old_value, new_value) VALUES ";
    for (size_t i = 0; i < changes.size(); ++i) absl::StrAppend(&statement, i ? "," : "", "(?,?,?,?)");
    sql::PreparedStatement& insert_changes = s.Prepare(statement);
    for (size_t i = 0; i < changes.size(); ++i) {
      const int base = static_cast<int>(4 * i);
      insert_changes.setInt64(base + 1, event_id);
      insert_changes.setString(base + 2, changes[i].field);
      insert_changes.setString(base + 3, changes[i].old_value);
      insert_changes.setString(base + 4, changes[i].new_value);
    }
    insert_changes.executeUpdate();
  }
  return event_id;
}

void AppendMutationAudit(SqlSession& s, const MutationContext& mutation, std::string resource) {
  if (!mutation.audit.has_value()) return;
  AuditEvent event = *mutation.audit;
  event.resource = std::move(resource);
  AppendAuditEvent(s, event);
}

absl::Status CheckAuthorizedUnit(const StoredCooperative& cooperative,
                                 const MutationContext& mutation) {
  const std::string& unit = cooperative.record.fields.org_unit_code;
  if (mutation.authorized_org_unit.empty() || mutation.authorized_org_unit == unit) {
    return absl::OkStatus();
  }
  return absl::AbortedError(absl::StrCat(
      "cooperatives/", cooperative.record.fields.registration_number,
      " moved to another unit while the request was checked; read it again and retry"));
}

}  // namespace hoptac::registry
