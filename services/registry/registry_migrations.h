// The registry's schema: its own migrations, embedded from
// services/registry/migrations/*.sql at build time, then the kernel's audit
// trail (issue 7).
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_MIGRATIONS_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::registry {

// services/registry/migrations/*.sql (generated).
const std::vector<hoptac::Migration>& RegistrySqlMigrations();

// Every migration of the registry, in version order.
const std::vector<hoptac::Migration>& RegistryMigrations();

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_MIGRATIONS_H_
