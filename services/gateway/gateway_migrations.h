// The gateway's schema: the SQL migrations embedded from migrations/*.sql at
// build time, then the kernel's audit trail table (issue 7).
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_MIGRATIONS_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::gateway {

// Every migration of the gateway, in version order.
const std::vector<hoptac::Migration>& GatewayMigrations();

// migrations/*.sql alone (generated).
const std::vector<hoptac::Migration>& GatewaySqlMigrations();

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_MIGRATIONS_H_
