// The read APIs across the province: each query goes to the service that
// owns the data (registry, subsidy, outreach) with the caller's deadline less
// a margin (capped) and the caller's credentials, and its answer comes back
// unchanged. An unreachable service is UNAVAILABLE naming it.
#ifndef HOPTAC_SERVICES_GATEWAY_PROVINCE_READS_H_
#define HOPTAC_SERVICES_GATEWAY_PROVINCE_READS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "hoptac/gateway/v1/gateway_service.pb.h"
#include "services/gateway/call_info.h"

namespace hoptac::gateway {

class ProvinceReads {
 public:
  virtual ~ProvinceReads() = default;
  virtual absl::StatusOr<v1::ListCooperativesResponse> ListCooperatives(
      const v1::ListCooperativesRequest& request, const CallInfo& call) = 0;
  virtual absl::StatusOr<v1::ListGrantsResponse> ListGrants(const v1::ListGrantsRequest& request,
                                                            const CallInfo& call) = 0;
  virtual absl::StatusOr<v1::ListLedgerEntriesResponse> ListLedgerEntries(
      const v1::ListLedgerEntriesRequest& request, const CallInfo& call) = 0;
  virtual absl::StatusOr<v1::ListActivitiesResponse> ListActivities(
      const v1::ListActivitiesRequest& request, const CallInfo& call) = 0;
};

struct ReadAddresses {
  std::string registry;  // "host:port"
  std::string subsidy;
  std::string outreach;
};

std::unique_ptr<ProvinceReads> MakeGrpcProvinceReads(const ReadAddresses& addresses);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_PROVINCE_READS_H_
