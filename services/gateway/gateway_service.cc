#include "services/gateway/gateway_service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/server_context.h"
#include "services/common/auth/call_identity.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"
#include "services/gateway/gate_access.h"

namespace hoptac::gateway {
namespace {

// "ipv4:127.0.0.1:51234" -> "ipv4:127.0.0.1": a peer's address without its port.
std::string PeerAddress(const std::string& peer) {
  const size_t colon = peer.rfind(':');
  const size_t scheme = peer.find(':');
  if (colon == std::string::npos || colon == scheme) return peer;
  return peer.substr(0, colon);
}

}  // namespace

grpc::Status GatewayService::Admit(grpc::ServerContext& context) {
  if (limiter_ == nullptr) return grpc::Status::OK;
  // The token's subject when it verifies (checked again by the gate), the
  // peer's address otherwise.
  auto caller = AuthenticateCall(context);
  const std::string key = caller.ok() ? absl::StrCat("subject:", caller->subject)
                                      : absl::StrCat("peer:", PeerAddress(context.peer()));
  const absl::Status admitted = limiter_->Admit(key);
  if (admitted.ok()) return grpc::Status::OK;
  context.AddTrailingMetadata("retry-after",
                              absl::StrCat(absl::ToInt64Seconds(limiter_->RetryAfter())));
  return ToGrpcStatus(admitted);
}

template <typename Response>
grpc::Status GatewayService::Serve(
    grpc::ServerContext& context, const char* method, const std::string* request_id,
    absl::FunctionRef<absl::StatusOr<Response>(const CallInfo&)> operation, Response* response) {
  if (grpc::Status admitted = Admit(context); !admitted.ok()) return admitted;
  auto body = [&](const CallContext& c) -> absl::Status {
    const GateAccess access(gate_, context, c);
    const CallInfo call = CallInfoOf(c, access, IncomingAuthorization(&context).value_or(""));
    absl::StatusOr<Response> result = operation(call);
    if (!result.ok()) return result.status();
    *response = *std::move(result);
    return absl::OkStatus();
  };
  if (request_id != nullptr) return gate_.ServeMutation(context, method, *request_id, body);
  return gate_.ServeRead(context, method, body);
}

// Reads and mutations differ in the gate's path: a failed mutation is audited.
#define HOPTAC_GATEWAY_HANDLER(Method, request_id)                                         \
  grpc::Status GatewayService::Method(grpc::ServerContext* context,                        \
                                      const v1::Method##Request* request,                  \
                                      v1::Method##Response* response) {                    \
    return Serve<v1::Method##Response>(                                                    \
        *context, #Method, request_id,                                                     \
        [&](const CallInfo& call) { return gateway_.Method(*request, call); }, response);  \
  }

HOPTAC_GATEWAY_HANDLER(CreateReportingRound, &request->request_id())
HOPTAC_GATEWAY_HANDLER(GetReportingRound, nullptr)
HOPTAC_GATEWAY_HANDLER(ListReportingRounds, nullptr)
HOPTAC_GATEWAY_HANDLER(SubmitToRound, &request->request_id())
HOPTAC_GATEWAY_HANDLER(ReturnSubmission, &request->request_id())
HOPTAC_GATEWAY_HANDLER(AcceptSubmission, &request->request_id())
HOPTAC_GATEWAY_HANDLER(ListSubmissions, nullptr)
HOPTAC_GATEWAY_HANDLER(GetRoundStatus, nullptr)
HOPTAC_GATEWAY_HANDLER(BuildConsolidatedReport, nullptr)
HOPTAC_GATEWAY_HANDLER(ListCooperatives, nullptr)
HOPTAC_GATEWAY_HANDLER(ListGrants, nullptr)
HOPTAC_GATEWAY_HANDLER(ListLedgerEntries, nullptr)
HOPTAC_GATEWAY_HANDLER(ListActivities, nullptr)

#undef HOPTAC_GATEWAY_HANDLER

}  // namespace hoptac::gateway
