#include "services/report/report_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::report {

const std::vector<hoptac::Migration>& ReportMigrations() {
  static const std::vector<hoptac::Migration>* const migrations = [] {
    auto* all = new std::vector<hoptac::Migration>(ReportSqlMigrations());
    // A fixed version: never computed, a migration's number is its identity.
    all->push_back(AuditEventsMigration(2));
    return all;
  }();
  return *migrations;
}

}  // namespace hoptac::report
