// gRPC handlers of hoptac.outreach.v1.OutreachService: decode, validate with
// the domain, check units and cooperatives in the registry, store, encode.
// Nothing is written when the registry cannot answer (UNAVAILABLE naming it).
#ifndef HOPTAC_SERVICES_OUTREACH_OUTREACH_SERVICE_H_
#define HOPTAC_SERVICES_OUTREACH_OUTREACH_SERVICE_H_

#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "services/common/registry_client.h"
#include "services/outreach/outreach_store.h"

namespace hoptac::outreach {

class OutreachService final : public v1::OutreachService::Service {
 public:
  OutreachService(OutreachStore& store, const RegistryClient& registry)
      : store_(store), registry_(registry) {}

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

  OutreachStore& store_;
  const RegistryClient& registry_;
};

}  // namespace hoptac::outreach

#endif  // HOPTAC_SERVICES_OUTREACH_OUTREACH_SERVICE_H_
