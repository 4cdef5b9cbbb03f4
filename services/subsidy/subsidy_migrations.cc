#include "services/subsidy/subsidy_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::subsidy {

// Generated from services/subsidy/migrations/*.sql (hoptac_embed_migrations).
const std::vector<hoptac::Migration>& SubsidySqlMigrations();

const std::vector<hoptac::Migration>& SubsidyMigrations() {
  // The audit trail's table after migrations/0001-0002; the next SQL file is 0004.
  static const auto* const migrations =
      new std::vector<hoptac::Migration>(WithAuditEvents(SubsidySqlMigrations(), 3));
  return *migrations;
}

}  // namespace hoptac::subsidy
