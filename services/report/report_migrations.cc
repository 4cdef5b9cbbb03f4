#include "services/report/report_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::report {

const std::vector<hoptac::Migration>& ReportMigrations() {
  // The audit trail's table after migrations/0001_reports.sql; the next SQL file is 0003.
  static const auto* const migrations =
      new std::vector<hoptac::Migration>(WithAuditEvents(ReportSqlMigrations(), 2));
  return *migrations;
}

}  // namespace hoptac::report
