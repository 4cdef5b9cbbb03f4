// The gateway's operations see a call as a CallInfo (call_info.h); for a
// gRPC call served here, its access policy is the kernel's AccessGate bound
// to the call's context.
#ifndef HOPTAC_SERVICES_GATEWAY_GATE_ACCESS_H_
#define HOPTAC_SERVICES_GATEWAY_GATE_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/access_gate.h"
#include "services/common/call_context.h"
#include "services/gateway/call_info.h"

namespace grpc {
class ServerContextBase;
}

namespace hoptac::gateway {

// The access gate bound to one call; `gate`, `context` and `call` outlive it.
class GateAccess final : public CallAccess {
 public:
  GateAccess(AccessGate& gate, const grpc::ServerContextBase& context, const CallContext& call)
      : gate_(gate), context_(context), call_(call) {}

  absl::Status Check(Access access, absl::string_view unit_code) const override {
    return gate_.Check(context_, call_, access, unit_code);
  }
  absl::StatusOr<std::string> ReadableUnit(absl::string_view requested) const override {
    return gate_.ReadableUnit(context_, call_, requested);
  }

 private:
  AccessGate& gate_;
  const grpc::ServerContextBase& context_;
  const CallContext& call_;
};

// What the operations know of `call`: its caller, deadline and the
// authorization to forward; checked by `access`, which must outlive the result.
CallInfo CallInfoOf(const CallContext& call, const CallAccess& access, std::string authorization);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_GATE_ACCESS_H_
