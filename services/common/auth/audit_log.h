// The audit trail (issue 7): every mutation of every service appends one
// event — who (subject, role, unit), what (method, resource, request_id),
// when, and the outcome — in the same transaction as the change, so that a
// change without its event cannot exist. Refused attempts are appended on
// their own. The table is append-only: triggers refuse UPDATE and DELETE.
#ifndef HOPTAC_SERVICES_COMMON_AUTH_AUDIT_LOG_H_
#define HOPTAC_SERVICES_COMMON_AUTH_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/auth/caller.h"
#include "services/common/migrations.h"

namespace hoptac {

class Database;
class SqlSession;

struct AuditEvent {
  int64_t id = 0;           // assigned on append, increasing
  absl::Time occurred_at;   // assigned on append (database clock, UTC)
  std::string subject;
  std::string role;
  std::string org_unit;
  std::string method;       // e.g. "hoptac.subsidy.v1.SubsidyService/ApproveGrant"
  std::string resource;     // e.g. "grants/42"; empty when none was made
  std::string request_id;
  std::string outcome;      // "OK", or the status code's name ("PERMISSION_DENIED", ...)
};

// An event for `caller` doing `method` on `resource`.
AuditEvent AuditEventFor(const Caller& caller, std::string method, std::string resource,
                         std::string request_id, std::string outcome = "OK");

// The migration that creates the table and its triggers, as version `version`
// of a service's own sequence (each service owns its database).
Migration AuditEventsMigration(int version);

// A service's schema: its own SQL migrations, then the audit trail's table as
// `audit_version` — a fixed number, never computed, since a database records
// it (the service's next SQL file takes the number after it).
std::vector<Migration> WithAuditEvents(const std::vector<Migration>& sql_migrations,
                                       int audit_version);

// Appends inside the caller's transaction (store code; throws sql::SQLException
// like the rest of it).
void AppendAuditEvent(SqlSession& session, const AuditEvent& event);

// Appends in a transaction of its own: for refused attempts, where the
// mutation's transaction wrote nothing.
absl::Status AppendAuditEventAlone(Database& database, const AuditEvent& event,
                                   absl::Time deadline);

struct AuditQuery {
  absl::Time since = absl::InfinitePast();
  absl::Time until = absl::InfiniteFuture();
  std::string subject;    // exact, when set
  std::string resource;   // exact, when set
  int64_t after_id = 0;   // keyset position: events with a larger id
  int limit = 50;
};

// Events matching `query`, oldest first.
absl::StatusOr<std::vector<AuditEvent>> ReadAuditEvents(Database& database,
                                                        const AuditQuery& query,
                                                        absl::Time deadline);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_AUDIT_LOG_H_
