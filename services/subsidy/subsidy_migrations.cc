#include "services/subsidy/subsidy_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::subsidy {

// Generated from services/subsidy/migrations/*.sql (hoptac_embed_migrations).
const std::vector<hoptac::Migration>& SubsidySqlMigrations();

const std::vector<hoptac::Migration>& SubsidyMigrations() {
  static const std::vector<hoptac::Migration>* const migrations = [] {
    auto* all = new std::vector<hoptac::Migration>(SubsidySqlMigrations());
    // A fixed version after the last .sql file (0002), never computed: an
    // applied migration keeps its number. The next .sql file is 0004.
    all->push_back(AuditEventsMigration(3));
    return all;
  }();
  return *migrations;
}

}  // namespace hoptac::subsidy
