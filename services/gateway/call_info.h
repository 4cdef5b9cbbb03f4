// What the gateway's operations know of the call they serve, whichever
// transport brought it (gRPC, or HTTP/JSON relayed over gRPC): who calls (the
// verified caller), what the caller may do where (the access gate bound to
// the call), by when the answer is due, and the caller's credentials to
// forward to the services it calls.
#ifndef HOPTAC_SERVICES_GATEWAY_CALL_INFO_H_
#define HOPTAC_SERVICES_GATEWAY_CALL_INFO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/auth/access_policy.h"
#include "services/common/auth/caller.h"

namespace grpc {
class ClientContext;
}

namespace hoptac::gateway {

// The access policy for one call (AccessGate bound to the call's context).
class CallAccess {
 public:
  virtual ~CallAccess() = default;
  // OK when the caller may do `access` in the unit `unit_code`;
  // PERMISSION_DENIED otherwise.
  virtual absl::Status Check(Access access, absl::string_view unit_code) const = 0;
  // The unit a list over a subtree reads: AccessGate::ReadableUnit.
  virtual absl::StatusOr<std::string> ReadableUnit(absl::string_view requested) const = 0;
};

struct CallInfo {
  Caller caller;              // verified by the access gate
  std::string actor;          // caller.Actor(): what history records
  std::string method;         // "hoptac.gateway.v1.GatewayService/SubmitToRound"
  absl::Time deadline = absl::InfiniteFuture();
  std::string authorization;  // "Bearer ..." as received; empty when none
  const CallAccess* access = nullptr;  // not owned; none refuses every check
};

// `call.access->Check`, PERMISSION_DENIED when no policy is bound (fail closed).
absl::Status CheckAccess(const CallInfo& call, Access access, absl::string_view unit_code);

// `call.access->ReadableUnit`, PERMISSION_DENIED when no policy is bound.
absl::StatusOr<std::string> ReadableUnit(const CallInfo& call, absl::string_view requested);

// Prepares a call to another service on behalf of `call`: the deadline is the
// caller's less `margin` (time to answer), never later than now + `cap`; the
// caller's authorization is forwarded.
void PrepareOutgoing(const CallInfo& call, absl::Duration cap, grpc::ClientContext& context,
                     absl::Duration margin = absl::Milliseconds(50));

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_CALL_INFO_H_
