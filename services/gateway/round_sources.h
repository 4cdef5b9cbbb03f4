// What the gateway asks other services: the registry (the province and the
// units expected in a period) and the report service (templates, snapshots).
// An interface, so that the operations can be tested without processes.
// Failures to get an answer are UNAVAILABLE or DEADLINE_EXCEEDED naming the
// service; NOT_FOUND is a real answer and names what was missing.
#ifndef HOPTAC_SERVICES_GATEWAY_ROUND_SOURCES_H_
#define HOPTAC_SERVICES_GATEWAY_ROUND_SOURCES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "hoptac/report/v1/report_service.pb.h"
#include "services/common/period.h"
#include "services/gateway/call_info.h"
#include "services/gateway/round_status.h"

namespace hoptac::gateway {

class RoundSources {
 public:
  virtual ~RoundSources() = default;

  // The unit valid on `day`.
  virtual absl::StatusOr<ExpectedUnitInfo> GetOrgUnit(const CallInfo& call,
                                                      const std::string& code,
                                                      absl::CivilDay day) = 0;
  // The direct children of `code` valid on `day`, by code.
  virtual absl::StatusOr<std::vector<ExpectedUnitInfo>> ListChildUnits(const CallInfo& call,
                                                                       const std::string& code,
                                                                       absl::CivilDay day) = 0;
  // "templates/{id}" or "templates/{id}/versions/{n}".
  virtual absl::StatusOr<report::v1::ReportTemplate> GetTemplate(const CallInfo& call,
                                                                 const std::string& name) = 0;
  // Which of `unit_codes` hold a draft in the report service for `period`
  // and the template version `template_name`.
  virtual absl::StatusOr<std::vector<std::string>> UnitsWithDrafts(
      const CallInfo& call, const std::vector<std::string>& unit_codes, const Period& period,
      const std::string& template_name) = 0;
  // "reportDrafts/{draft}/snapshots/{id}".
  virtual absl::StatusOr<report::v1::ReportSnapshot> GetSnapshot(const CallInfo& call,
                                                                 const std::string& name) = 0;
};

// The real sources over gRPC ("host:port" of each service).
std::unique_ptr<RoundSources> MakeGrpcRoundSources(const std::string& registry_address,
                                                   const std::string& report_address);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_ROUND_SOURCES_H_
