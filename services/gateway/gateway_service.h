// The gRPC handlers of hoptac.gateway.v1.GatewayService: each takes the call's
// identity and deadline and hands the request to Gateway (gateway.h).
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_SERVICE_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_SERVICE_H_

#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "services/gateway/gateway.h"

namespace hoptac::gateway {

class GatewayService final : public v1::GatewayService::Service {
 public:
  explicit GatewayService(Gateway& gateway) : gateway_(gateway) {}

  grpc::Status CreateReportingRound(grpc::ServerContext* context,
                                    const v1::CreateReportingRoundRequest* request,
                                    v1::CreateReportingRoundResponse* response) override;
  grpc::Status GetReportingRound(grpc::ServerContext* context,
                                 const v1::GetReportingRoundRequest* request,
                                 v1::GetReportingRoundResponse* response) override;
  grpc::Status ListReportingRounds(grpc::ServerContext* context,
                                   const v1::ListReportingRoundsRequest* request,
                                   v1::ListReportingRoundsResponse* response) override;
  grpc::Status SubmitToRound(grpc::ServerContext* context, const v1::SubmitToRoundRequest* request,
                             v1::SubmitToRoundResponse* response) override;
  grpc::Status ReturnSubmission(grpc::ServerContext* context,
                                const v1::ReturnSubmissionRequest* request,
                                v1::ReturnSubmissionResponse* response) override;
  grpc::Status AcceptSubmission(grpc::ServerContext* context,
                                const v1::AcceptSubmissionRequest* request,
                                v1::AcceptSubmissionResponse* response) override;
  grpc::Status ListSubmissions(grpc::ServerContext* context,
                               const v1::ListSubmissionsRequest* request,
                               v1::ListSubmissionsResponse* response) override;
  grpc::Status GetRoundStatus(grpc::ServerContext* context,
                              const v1::GetRoundStatusRequest* request,
                              v1::GetRoundStatusResponse* response) override;
  grpc::Status BuildConsolidatedReport(grpc::ServerContext* context,
                                       const v1::BuildConsolidatedReportRequest* request,
                                       v1::BuildConsolidatedReportResponse* response) override;
  grpc::Status ListCooperatives(grpc::ServerContext* context,
                                const v1::ListCooperativesRequest* request,
                                v1::ListCooperativesResponse* response) override;
  grpc::Status ListGrants(grpc::ServerContext* context, const v1::ListGrantsRequest* request,
                          v1::ListGrantsResponse* response) override;
  grpc::Status ListLedgerEntries(grpc::ServerContext* context,
                                 const v1::ListLedgerEntriesRequest* request,
                                 v1::ListLedgerEntriesResponse* response) override;
  grpc::Status ListActivities(grpc::ServerContext* context,
                              const v1::ListActivitiesRequest* request,
                              v1::ListActivitiesResponse* response) override;

 private:
  Gateway& gateway_;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_SERVICE_H_
