// The registry's schema, embedded from services/registry/migrations/*.sql at
// build time.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_MIGRATIONS_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::registry {

const std::vector<hoptac::Migration>& RegistryMigrations();

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_MIGRATIONS_H_
