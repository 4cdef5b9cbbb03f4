#include "services/outreach/outreach_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::outreach {

const std::vector<hoptac::Migration>& OutreachMigrations() {
  // The audit trail's table after migrations/0001_activities.sql; the next SQL file is 0003.
  static const auto* const migrations =
      new std::vector<hoptac::Migration>(WithAuditEvents(OutreachSqlMigrations(), 2));
  return *migrations;
}

}  // namespace hoptac::outreach
