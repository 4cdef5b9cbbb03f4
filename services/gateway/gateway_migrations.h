// The gateway's schema, embedded from migrations/*.sql at build time.
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_MIGRATIONS_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::gateway {

const std::vector<hoptac::Migration>& GatewayMigrations();

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_MIGRATIONS_H_
