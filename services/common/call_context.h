// What a handler needs to know about the call it serves: who is calling (for
// the audit trail) and by when the work must be done.
#ifndef HOPTAC_SERVICES_COMMON_CALL_CONTEXT_H_
#define HOPTAC_SERVICES_COMMON_CALL_CONTEXT_H_

#include <string>

#include "absl/time/time.h"

namespace grpc {
class ServerContextBase;
}

namespace hoptac {

struct CallContext {
  // Who made the call, as recorded in history events. Until callers
  // authenticate (bearer tokens), this names the unauthenticated peer.
  std::string actor;
  // The incoming deadline, capped so that no call without one runs forever.
  absl::Time deadline;
};

CallContext CallContextOf(const grpc::ServerContextBase& context,
                          absl::Duration max_duration = absl::Seconds(30));

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_CALL_CONTEXT_H_
