#include "services/gateway/gateway_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::gateway {

const std::vector<hoptac::Migration>& GatewayMigrations() {
  static const auto* migrations = [] {
    auto* all = new std::vector<hoptac::Migration>(GatewaySqlMigrations());
    // A fixed version after migrations/0001_rounds.sql; the next SQL file is 0003.
    all->push_back(AuditEventsMigration(2));
    return all;
  }();
  return *migrations;
}

}  // namespace hoptac::gateway
