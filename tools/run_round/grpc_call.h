// One unary call with a deadline and a token: `token` when given (a unit's
// officer), else the process's (AuthorizeClientCall: --bearer_token_file).
// Its failure is an absl::Status naming the method ("SubmitToRound:
// FAILED_PRECONDITION: ...").
#ifndef HOPTAC_TOOLS_RUN_ROUND_GRPC_CALL_H_
#define HOPTAC_TOOLS_RUN_ROUND_GRPC_CALL_H_

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/grpc_status.h"

namespace hoptac::round {

inline constexpr absl::Duration kCallTimeout = absl::Seconds(60);

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Call(absl::string_view method, Stub& stub,
                              grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                        Response*),
                              const Request& request, const std::string& token = "") {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(kCallTimeout));
  if (token.empty()) {
    AuthorizeClientCall(context);
  } else {
    context.AddMetadata("authorization", BearerAuthorization(token));
  }
  Response response;
  if (const grpc::Status s = (stub.*rpc)(&context, request, &response); !s.ok()) {
    const absl::Status status = FromGrpcStatus(s);
    return absl::Status(status.code(), absl::StrCat(method, ": ", status.ToString()));
  }
  return response;
}

}  // namespace hoptac::round

#endif  // HOPTAC_TOOLS_RUN_ROUND_GRPC_CALL_H_
