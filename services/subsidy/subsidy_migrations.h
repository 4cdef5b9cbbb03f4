// The subsidy service's schema: services/subsidy/migrations/*.sql (embedded at
// build time), then the kernel's audit trail table.
#ifndef HOPTAC_SERVICES_SUBSIDY_SUBSIDY_MIGRATIONS_H_
#define HOPTAC_SERVICES_SUBSIDY_SUBSIDY_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::subsidy {

const std::vector<hoptac::Migration>& SubsidyMigrations();

}  // namespace hoptac::subsidy

#endif  // HOPTAC_SERVICES_SUBSIDY_SUBSIDY_MIGRATIONS_H_
