#include "services/common/auth/audit_log.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/str_format.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/database.h"
#include "services/common/sql_values.h"

namespace hoptac {
namespace {

// Never edit: a migration's text is checked against what was applied.
constexpr absl::string_view kAuditEventsSql =
    "CREATE TABLE audit_events (\n"
    "  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
    "  occurred_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),\n"
    "  subject VARCHAR(255) NOT NULL,\n"
    "  role VARCHAR(32) NOT NULL,\n"
    "  org_unit VARCHAR(16) NOT NULL,\n"
    "  method VARCHAR(255) NOT NULL,\n"
    "  resource VARCHAR(255) NOT NULL,\n"
    "  request_id VARCHAR(128) NOT NULL,\n"
    "  outcome VARCHAR(32) NOT NULL,\n"
    "  KEY audit_events_by_time (occurred_at),\n"
    "  KEY audit_events_by_subject (subject, id),\n"
    "  KEY audit_events_by_resource (resource, id)\n"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n"
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW "
    "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only';\n"
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW "
    "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only';\n";

constexpr char kInsert[] =
    "INSERT INTO audit_events (subject, role, org_unit, method, resource, request_id, outcome)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";

}  // namespace

AuditEvent AuditEventFor(const Caller& caller, std::string method, std::string resource,
                         std::string request_id, std::string outcome) {
  AuditEvent event;
  event.subject = caller.subject;
  event.role = std::string(RoleName(caller.role));
  event.org_unit = caller.org_unit;
  event.method = std::move(method);
  event.resource = std::move(resource);
  event.request_id = std::move(request_id);
  event.outcome = std::move(outcome);
  return event;
}

Migration AuditEventsMigration(int version) {
  return Migration{version, "audit_events.sql (kernel)", kAuditEventsSql};
}

std::vector<Migration> WithAuditEvents(const std::vector<Migration>& sql_migrations,
                                       int audit_version) {
  std::vector<Migration> all = sql_migrations;
  all.push_back(AuditEventsMigration(audit_version));
  return all;
}

void AppendAuditEvent(SqlSession& session, const AuditEvent& event) {
  sql::PreparedStatement& insert = session.Prepare(kInsert);
  insert.setString(1, event.subject);
  insert.setString(2, event.role);
  insert.setString(3, event.org_unit);
  insert.setString(4, event.method);
  insert.setString(5, event.resource);
  insert.setString(6, event.request_id);
  insert.setString(7, event.outcome);
  insert.executeUpdate();
}

absl::Status AppendAuditEventAlone(Database& database, const AuditEvent& event,
                                   absl::Time deadline) {
  return database.InTransaction(deadline, [&](SqlSession& session) {
    AppendAuditEvent(session, event);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<AuditEvent>> ReadAuditEvents(Database& database,
                                                        const AuditQuery& query,
                                                        absl::Time deadline) {
  std::vector<AuditEvent> events;
  absl::Status status = database.WithSession(deadline, [&](SqlSession& session) {
    sql::PreparedStatement& select = session.Prepare(
        "SELECT id, CAST(UNIX_TIMESTAMP(occurred_at) * 1000000 AS SIGNED), subject, role, org_unit, method,"
        " resource, request_id, outcome FROM audit_events"
        " WHERE id > ? AND occurred_at >= FROM_UNIXTIME(CAST(? AS DECIMAL(20, 6)))"
        " AND occurred_at < FROM_UNIXTIME(CAST(? AS DECIMAL(20, 6)))"
        " AND (? = '' OR subject = ?) AND (? = '' OR resource = ?)"
        " ORDER BY id LIMIT ?");
    // Clamped to TIMESTAMP's range, so that open ends compare.
    const int64_t since = std::max<int64_t>(1'000'000, absl::ToUnixMicros(query.since));
    const int64_t until = std::min<int64_t>(2'147'483'647'000'000, absl::ToUnixMicros(query.until));
    select.setInt64(1, query.after_id);
    select.setString(2, absl::StrFormat("%d.%06d", since / 1'000'000, since % 1'000'000));
    select.setString(3, absl::StrFormat("%d.%06d", until / 1'000'000, until % 1'000'000));
    select.setString(4, query.subject);
    select.setString(5, query.subject);
    select.setString(6, query.resource);
    select.setString(7, query.resource);
    select.setInt(8, query.limit);
    std::unique_ptr<sql::ResultSet> rows(select.executeQuery());
    while (rows->next()) {
      AuditEvent event;
      event.id = rows->getInt64(1);
      event.occurred_at = absl::FromUnixMicros(rows->getInt64(2));
      event.subject = rows->getString(3);
      event.role = rows->getString(4);
      event.org_unit = rows->getString(5);
      event.method = rows->getString(6);
      event.resource = rows->getString(7);
      event.request_id = rows->getString(8);
      event.outcome = rows->getString(9);
      events.push_back(std::move(event));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return events;
}

}  // namespace hoptac
