// What the gateway's operations know of the call they serve, whichever
// transport brought it (gRPC or HTTP/JSON): who calls, by when the answer is
// due, and the caller's credentials to forward to the services it calls.
#ifndef HOPTAC_SERVICES_GATEWAY_CALL_INFO_H_
#define HOPTAC_SERVICES_GATEWAY_CALL_INFO_H_

#include <string>

#include "absl/time/time.h"

namespace grpc {
class ClientContext;
}

namespace hoptac::gateway {

struct CallInfo {
  std::string actor;
  absl::Time deadline = absl::InfiniteFuture();
  std::string authorization;  // "Bearer ..." as received; empty when none
};

// Prepares a call to another service on behalf of `call`: the deadline is the
// caller's less `margin` (time to answer), never later than now + `cap`; the
// caller's authorization is forwarded.
void PrepareOutgoing(const CallInfo& call, absl::Duration cap, grpc::ClientContext& context,
                     absl::Duration margin = absl::Milliseconds(50));

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_CALL_INFO_H_
