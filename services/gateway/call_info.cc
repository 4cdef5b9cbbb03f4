#include "services/gateway/call_info.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "grpcpp/client_context.h"

namespace hoptac::gateway {

void PrepareOutgoing(const CallInfo& call, absl::Duration cap, grpc::ClientContext& context,
                     absl::Duration margin) {
  const absl::Time deadline = std::min(call.deadline - margin, absl::Now() + cap);
  context.set_deadline(absl::ToChronoTime(deadline));
  if (!call.authorization.empty()) context.AddMetadata("authorization", call.authorization);
}

}  // namespace hoptac::gateway
