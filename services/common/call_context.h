// What a handler needs to know about the call it serves: who is calling (the
// verified caller, for the policy and the audit trail), what it called, and
// by when the work must be done.
#ifndef HOPTAC_SERVICES_COMMON_CALL_CONTEXT_H_
#define HOPTAC_SERVICES_COMMON_CALL_CONTEXT_H_

#include <string>

#include "absl/time/time.h"
#include "services/common/auth/caller.h"

namespace grpc {
class ServerContextBase;
}

namespace hoptac {

struct CallContext {
  // The caller its bearer token names (AccessGate::Serve verifies it).
  Caller caller;
  // Who made the call, as recorded in history events: caller.Actor().
  std::string actor;
  // The full method, "hoptac.subsidy.v1.SubsidyService/ApproveGrant".
  std::string method;
  // The incoming deadline, capped so that no call without one runs forever.
  absl::Time deadline;
};

// The deadline part alone (actor: the unauthenticated peer), for code that
// serves no caller of its own (tests of stores, tools).
CallContext CallContextOf(const grpc::ServerContextBase& context,
                          absl::Duration max_duration = absl::Seconds(30));

// The deadline a call may use: the incoming one, capped at now + max_duration.
absl::Time CallDeadline(const grpc::ServerContextBase& context,
                        absl::Duration max_duration = absl::Seconds(30));

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_CALL_CONTEXT_H_
