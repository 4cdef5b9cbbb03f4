#include "services/registry/registry_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::registry {

// The version of the audit trail's table in the registry's sequence: after
// the SQL files (0001-0003). Fixed, never computed: a database records it.
constexpr int kAuditEventsVersion = 4;

const std::vector<hoptac::Migration>& RegistryMigrations() {
  static const std::vector<hoptac::Migration>* const migrations = [] {
    auto* all = new std::vector<hoptac::Migration>(RegistrySqlMigrations());
    all->push_back(AuditEventsMigration(kAuditEventsVersion));
    return all;
  }();
  return *migrations;
}

}  // namespace hoptac::registry
