#include "services/registry/registry_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::registry {

const std::vector<hoptac::Migration>& RegistryMigrations() {
  // The audit trail's table after migrations/0001-0003; the next SQL file is 0005.
  static const auto* const migrations =
      new std::vector<hoptac::Migration>(WithAuditEvents(RegistrySqlMigrations(), 4));
  return *migrations;
}

}  // namespace hoptac::registry
