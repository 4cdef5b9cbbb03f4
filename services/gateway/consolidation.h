// The consolidated provincial report (báo cáo tổng hợp) from the units'
// stored snapshots, plain C++: for every statistic of the template the
// province total (qualifiers kept, qualified_total.h) and the per-unit table;
// every narrative slot with the passage of each unit, named. Units left out
// (nothing submitted, returned, not accepted) are listed, never dropped
// silently. Rendering is separate (consolidated_*.h).
#ifndef HOPTAC_SERVICES_GATEWAY_CONSOLIDATION_H_
#define HOPTAC_SERVICES_GATEWAY_CONSOLIDATION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/gateway/round_status.h"

namespace hoptac::gateway {

// One unit's submission that the basis includes.
struct IncludedSubmission {
  ExpectedUnitInfo unit;
  const report::v1::ReportSnapshot* snapshot = nullptr;  // not owned
};

struct ConsolidationInput {
  const report::v1::ReportTemplate* report_template = nullptr;  // not owned
  std::vector<IncludedSubmission> included;      // by unit code
  std::vector<ExpectedUnitInfo> missing;         // not started or returned
  std::vector<ExpectedUnitInfo> unaccepted;      // submitted, left out by the basis
};

// The statistic names the template binds, distinct, in binding order.
std::vector<std::string> TemplateStatisticNames(const report::v1::ReportTemplate& t);

// The report without its renderings. FAILED_PRECONDITION naming the unit and
// the statistic when an included snapshot lacks a statistic of the template.
absl::StatusOr<v1::ConsolidatedReport> Consolidate(const ConsolidationInput& input);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_CONSOLIDATION_H_
