// gRPC handlers of hoptac.outreach.v1.OutreachService: authenticate (the
// gate), decode, validate with the domain, authorize on the activity's org
// unit, check units and cooperatives in the registry, store (with the audit
// event, in the change's transaction), encode. Nothing is written when the
// registry cannot answer (UNAVAILABLE naming it).
//
// Access (services/common/auth/access_policy.h), by the activity's unit:
//   CreateActivity          write, the new activity's unit
//   UpdateActivity          write, its current unit (and the new one when it moves)
//   DeleteActivity          write, its current unit
//   ImportActivities        write, every row's unit, before anything is written
//   GetActivity             read, its unit
//   ListActivities,
//   GetOutreachStatistics   read, the requested unit (empty list filter: what
//                           the caller may read)
#ifndef HOPTAC_SERVICES_OUTREACH_OUTREACH_SERVICE_H_
#define HOPTAC_SERVICES_OUTREACH_OUTREACH_SERVICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "services/common/auth/access_gate.h"
#include "services/common/registry_client.h"
#include "services/outreach/outreach_store.h"

namespace hoptac::outreach {

class OutreachService final : public v1::OutreachService::Service {
 public:
  OutreachService(OutreachStore& store, const RegistryClient& registry, AccessGate& gate)
      : store_(store), registry_(registry), gate_(gate) {}

  grpc::Status CreateActivity(grpc::ServerContext* context, const v1::CreateActivityRequest* request,
                              v1::CreateActivityResponse* response) override;
  grpc::Status GetActivity(grpc::ServerContext* context, const v1::GetActivityRequest* request,
                           v1::GetActivityResponse* response) override;
  grpc::Status ListActivities(grpc::ServerContext* context,
                              const v1::ListActivitiesRequest* request,
                              v1::ListActivitiesResponse* response) override;
  grpc::Status UpdateActivity(grpc::ServerContext* context,
                              const v1::UpdateActivityRequest* request,
                              v1::UpdateActivityResponse* response) override;
  grpc::Status DeleteActivity(grpc::ServerContext* context,
                              const v1::DeleteActivityRequest* request,
                              v1::DeleteActivityResponse* response) override;
  grpc::Status ImportActivities(grpc::ServerContext* context,
                                const v1::ImportActivitiesRequest* request,
                                v1::ImportActivitiesResponse* response) override;
  grpc::Status GetOutreachStatistics(grpc::ServerContext* context,
                                     const v1::GetOutreachStatisticsRequest* request,
                                     v1::GetOutreachStatisticsResponse* response) override;

 private:
  // Registry checks of validated fields; INVALID_ARGUMENT naming
  // `prefix`.org_unit_code or `prefix`.cooperative_registration_numbers[i].
  absl::Status CheckReferences(const grpc::ServerContext& context, const ActivityFields& fields,
                               const std::string& prefix) const;

  // The codes of `code`'s subtree on `day` (for a district the 2025 reform
  // dissolved, on its last day); INVALID_ARGUMENT naming `field` when no such
  // unit exists.
  absl::StatusOr<std::vector<std::string>> SubtreeCodes(const grpc::ServerContext& context,
                                                        const std::string& code,
                                                        absl::CivilDay day,
                                                        absl::string_view field) const;

  OutreachStore& store_;
  const RegistryClient& registry_;
  AccessGate& gate_;
};

}  // namespace hoptac::outreach

#endif  // HOPTAC_SERVICES_OUTREACH_OUTREACH_SERVICE_H_
