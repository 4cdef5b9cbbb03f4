#include "services/outreach/outreach_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::outreach {

const std::vector<hoptac::Migration>& OutreachMigrations() {
  static const std::vector<hoptac::Migration>* const migrations = [] {
    auto* all = new std::vector<hoptac::Migration>(OutreachSqlMigrations());
    // Fixed: a version, once applied, never changes (0001_activities.sql is 1).
    all->push_back(AuditEventsMigration(2));
    return all;
  }();
  return *migrations;
}

}  // namespace hoptac::outreach
