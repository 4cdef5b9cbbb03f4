// The registry's figures for one unit's subtree and one period.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_STATISTICS_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_STATISTICS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "services/common/period.h"
#include "services/registry/cooperative.h"

namespace hoptac::registry {

struct KindSectorCount {
  CooperativeKind kind = CooperativeKind::kCooperative;
  Sector sector = Sector::kOther;
  int64_t count = 0;
};

// A count broken down by kind and sector (non-zero cells, ordered).
struct Breakdown {
  int64_t total = 0;
  std::vector<KindSectorCount> cells;
};

struct RegistryStatistics {
  std::string org_unit_code;
  Period period;
  Breakdown active_at_start;
  Breakdown active_at_end;
  Breakdown suspended_at_end;
  Breakdown established;
  Breakdown dissolution_started_voluntary;
  Breakdown dissolution_started_forced;
  Breakdown dissolved;
  int64_t awarded_cooperatives = 0;
  int64_t awards = 0;
  int64_t inspected_cooperatives = 0;
  int64_t inspections = 0;
  std::map<ClassificationGrade, int64_t> classifications;
  int64_t annual_reports_on_time = 0;
  int64_t annual_reports_late = 0;
};

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_STATISTICS_H_
