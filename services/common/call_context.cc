#include "services/common/call_context.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/server_context.h"
#include "services/common/client.h"

namespace hoptac {

absl::Time CallDeadline(const grpc::ServerContextBase& context, absl::Duration max_duration) {
  return std::min(IncomingDeadline(&context), absl::Now() + max_duration);
}

CallContext CallContextOf(const grpc::ServerContextBase& context, absl::Duration max_duration) {
  CallContext call;
  call.actor = absl::StrCat("unauthenticated:", context.peer());
  call.deadline = CallDeadline(context, max_duration);
  return call;
}

}  // namespace hoptac
