// The gRPC handlers of hoptac.gateway.v1.GatewayService: each call is counted
// against its caller's rate limit (rate_limiter.h), passes the access gate
// (the verified caller; failed mutations audited) and is handed to Gateway
// (gateway.h) with the gate bound to it for the checks. HTTP/JSON calls come
// through these handlers too (http_gateway.h).
#ifndef HOPTAC_SERVICES_GATEWAY_GATEWAY_SERVICE_H_
#define HOPTAC_SERVICES_GATEWAY_GATEWAY_SERVICE_H_

#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "services/common/auth/access_gate.h"
#include "services/gateway/gateway.h"
#include "services/gateway/rate_limiter.h"

namespace hoptac::gateway {

class GatewayService final : public v1::GatewayService::Service {
 public:
  // `limiter` may be null (no limit).
  GatewayService(Gateway& gateway, AccessGate& gate, RateLimiter* limiter)
      : gateway_(gateway), gate_(gate), limiter_(limiter) {}

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
  template <typename Response>
  grpc::Status Serve(grpc::ServerContext& context, const char* method, const std::string* request_id,
                     absl::FunctionRef<absl::StatusOr<Response>(const CallInfo&)> operation,
                     Response* response);
  // OK, or RESOURCE_EXHAUSTED when the caller is over its rate limit.
  grpc::Status Admit(grpc::ServerContext& context);

  Gateway& gateway_;
  AccessGate& gate_;
  RateLimiter* limiter_;
};

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATEWAY_SERVICE_H_
