// The named statistics (chỉ tiêu) a template can bind to, flattened from the
// answers of the registry, subsidy and outreach services. Every name exists
// whatever the data: a figure the service answered with no rows is a real
// zero. A name outside the catalog is a template error, never a silent zero.
//
// Names:
//   registry.<figure>                         counts of cooperatives
//   subsidy.<support_kind>.<figure>           per support kind, all fund sources
//   subsidy.<support_kind>.<fund>.<figure>    per support kind and fund source
//   outreach.<channel>.<item_kind>.<topic>    quantities of news items, articles...
//   outreach.<event_kind>.participants.<who>  qualified participant sums
//   outreach.<event_kind>.events              the events, as items
//   outreach.trade_promotion.events           fairs and product displays
#ifndef HOPTAC_SERVICES_REPORT_STATISTIC_CATALOG_H_
#define HOPTAC_SERVICES_REPORT_STATISTIC_CATALOG_H_

#include <map>
#include <string>

#include "hoptac/report/v1/report_service.pb.h"

namespace hoptac::registry::v1 {
class GetRegistryStatisticsResponse;
}
namespace hoptac::subsidy::v1 {
class GetSubsidyStatisticsResponse;
}
namespace hoptac::outreach::v1 {
class GetOutreachStatisticsResponse;
}

namespace hoptac::report {

using StatisticMap = std::map<std::string, v1::Statistic>;

// The three answers a report is assembled from.
struct ServiceAnswers {
  const registry::v1::GetRegistryStatisticsResponse* registry = nullptr;
  const subsidy::v1::GetSubsidyStatisticsResponse* subsidy = nullptr;
  const outreach::v1::GetOutreachStatisticsResponse* outreach = nullptr;
};

// Every named statistic, computed from the answers (none may be null).
StatisticMap BuildStatistics(const ServiceAnswers& answers);

// Whether `name` is a statistic of the catalog.
bool IsKnownStatistic(const std::string& name);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_STATISTIC_CATALOG_H_
