#include "services/gateway/gate_access.h"

#include <utility>

namespace hoptac::gateway {

CallInfo CallInfoOf(const CallContext& call, const CallAccess& access, std::string authorization) {
  CallInfo info;
  info.caller = call.caller;
  info.actor = call.actor;
  info.method = call.method;
  info.deadline = call.deadline;
  info.authorization = std::move(authorization);
  info.access = &access;
  return info;
}

}  // namespace hoptac::gateway
