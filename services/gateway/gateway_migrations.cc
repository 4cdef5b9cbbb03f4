#include "services/gateway/gateway_migrations.h"

#include "services/common/auth/audit_log.h"

namespace hoptac::gateway {

const std::vector<hoptac::Migration>& GatewayMigrations() {
  // The audit trail's table after migrations/0001_rounds.sql; the next SQL file is 0003.
  static const auto* const migrations =
      new std::vector<hoptac::Migration>(WithAuditEvents(GatewaySqlMigrations(), 2));
  return *migrations;
}

}  // namespace hoptac::gateway
