// The report service's schema, embedded from migrations/*.sql at build time.
#ifndef HOPTAC_SERVICES_REPORT_REPORT_MIGRATIONS_H_
#define HOPTAC_SERVICES_REPORT_REPORT_MIGRATIONS_H_

#include <vector>

#include "services/common/migrations.h"

namespace hoptac::report {

const std::vector<hoptac::Migration>& ReportMigrations();

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_REPORT_MIGRATIONS_H_
