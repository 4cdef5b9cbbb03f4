// The outreach service's schema, embedded from migrations/*.sql at build time.
#ifndef HOPTAC_SERVICES_OUTREACH_OUTREACH_MIGRATIONS_H_
#define HOPTAC_SERVICES_OUTREACH_OUTREACH_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::outreach {

const std::vector<hoptac::Migration>& OutreachMigrations();

}  // namespace hoptac::outreach

#endif  // HOPTAC_SERVICES_OUTREACH_OUTREACH_MIGRATIONS_H_
