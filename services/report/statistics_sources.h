// The three data services a report is assembled from, asked in parallel with
// deadlines derived from the incoming call. A service that cannot answer
// fails the assembly, named: "subsidy service unavailable: ..." — never a
// silent zero.
#ifndef HOPTAC_SERVICES_REPORT_STATISTICS_SOURCES_H_
#define HOPTAC_SERVICES_REPORT_STATISTICS_SOURCES_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/period.h"
#include "services/report/statistic_catalog.h"

namespace grpc {
class Channel;
class ServerContextBase;
class Status;
}  // namespace grpc

namespace hoptac::report {

// The addresses ("host:port") of the data services.
struct SourceAddresses {
  std::string registry;
  std::string subsidy;
  std::string outreach;
};

// A data service's failure as the report's caller sees it, naming the
// service: DEADLINE_EXCEEDED stays (the caller's deadline ran out), NOT_FOUND,
// INVALID_ARGUMENT and FAILED_PRECONDITION pass on (an answer about the
// request), anything else is UNAVAILABLE ("subsidy service unavailable: ...").
absl::Status SourceFailure(absl::string_view service, const grpc::Status& status);

// Thread-safe: the stubs are, and Fetch keeps its state on its own stack.
class StatisticsSources {
 public:
  explicit StatisticsSources(const SourceAddresses& addresses);
  ~StatisticsSources();

  // The named statistics of the unit's subtree for `period`.
  // UNAVAILABLE / DEADLINE_EXCEEDED name the service that could not answer;
  // NOT_FOUND / INVALID_ARGUMENT from a service are passed on, named.
  absl::StatusOr<StatisticMap> Fetch(const grpc::ServerContextBase* incoming,
                                     const std::string& org_unit_code,
                                     const Period& period) const;

 private:
  class Stubs;
  std::unique_ptr<Stubs> stubs_;
};

// How long one data service may take when the caller allows more.
inline constexpr absl::Duration kSourceCallCap = absl::Seconds(20);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_STATISTICS_SOURCES_H_
