#include "services/gateway/call_info.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "grpcpp/client_context.h"

namespace hoptac::gateway {
namespace {

absl::Status NoPolicy() {
  return absl::PermissionDeniedError("no access policy is bound to this call");
}

}  // namespace

absl::Status CheckAccess(const CallInfo& call, Access access, absl::string_view unit_code) {
  if (call.access == nullptr) return NoPolicy();
  return call.access->Check(access, unit_code);
}

absl::StatusOr<std::string> ReadableUnit(const CallInfo& call, absl::string_view requested) {
  if (call.access == nullptr) return NoPolicy();
  return call.access->ReadableUnit(requested);
}

void PrepareOutgoing(const CallInfo& call, absl::Duration cap, grpc::ClientContext& context,
                     absl::Duration margin) {
  const absl::Time deadline = std::min(call.deadline - margin, absl::Now() + cap);
  context.set_deadline(absl::ToChronoTime(deadline));
  if (!call.authorization.empty()) context.AddMetadata("authorization", call.authorization);
}

}  // namespace hoptac::gateway
