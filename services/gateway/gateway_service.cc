#include "services/gateway/gateway_service.h"

#include <utility>

#include "services/common/call_context.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"

namespace hoptac::gateway {
namespace {

CallInfo CallInfoOf(const grpc::ServerContext& context) {
  const CallContext c = CallContextOf(context);
  CallInfo out;
  out.actor = c.actor;
  out.deadline = c.deadline;
  out.authorization = IncomingAuthorization(&context).value_or("");
  return out;
}

template <typename Response>
grpc::Status Answer(absl::StatusOr<Response> result, Response* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace

#define HOPTAC_GATEWAY_HANDLER(Method)                                                    \
  grpc::Status GatewayService::Method(grpc::ServerContext* context,                       \
                                      const v1::Method##Request* request,                 \
                                      v1::Method##Response* response) {                   \
    return Answer(gateway_.Method(*request, CallInfoOf(*context)), response);             \
  }

HOPTAC_GATEWAY_HANDLER(CreateReportingRound)
HOPTAC_GATEWAY_HANDLER(GetReportingRound)
HOPTAC_GATEWAY_HANDLER(ListReportingRounds)
HOPTAC_GATEWAY_HANDLER(SubmitToRound)
HOPTAC_GATEWAY_HANDLER(ReturnSubmission)
HOPTAC_GATEWAY_HANDLER(AcceptSubmission)
HOPTAC_GATEWAY_HANDLER(ListSubmissions)
HOPTAC_GATEWAY_HANDLER(GetRoundStatus)
HOPTAC_GATEWAY_HANDLER(BuildConsolidatedReport)
HOPTAC_GATEWAY_HANDLER(ListCooperatives)
HOPTAC_GATEWAY_HANDLER(ListGrants)
HOPTAC_GATEWAY_HANDLER(ListLedgerEntries)
HOPTAC_GATEWAY_HANDLER(ListActivities)

#undef HOPTAC_GATEWAY_HANDLER

}  // namespace hoptac::gateway
