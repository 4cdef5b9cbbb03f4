// The cooperative's lifecycle (vòng đời) as a state machine:
//
//   ACTIVE --suspend--> SUSPENDED --resume--> ACTIVE
//   ACTIVE or SUSPENDED --start dissolution--> DISSOLVING
//   DISSOLVING --complete dissolution--> DISSOLVED (final)
//
// Plain C++: the store applies the result under a row lock and records the
// event; this file only says which changes are allowed.
#ifndef HOPTAC_SERVICES_REGISTRY_COOPERATIVE_LIFECYCLE_H_
#define HOPTAC_SERVICES_REGISTRY_COOPERATIVE_LIFECYCLE_H_

#include "absl/status/statusor.h"
#include "services/registry/cooperative.h"

namespace hoptac::registry {

// The status `action` leads to from `current`. FAILED_PRECONDITION naming the
// current status, the action and the status(es) the action requires when the
// change is not allowed, e.g. "cannot resume a cooperative that is DISSOLVING
// (đang giải thể): resume requires SUSPENDED (tạm ngừng)". INVALID_ARGUMENT
// for an action outside the enum; INTERNAL for a current status outside it
// (a stored value this code does not know).
absl::StatusOr<CooperativeStatus> NextStatus(CooperativeStatus current, LifecycleAction action);

// The action as a verb for messages and idempotency keys: "suspend", "resume",
// "start dissolution", "complete dissolution"; "unknown action" otherwise.
// ASCII and stable, because the store keeps it in request records.
const char* ActionName(LifecycleAction action);

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_COOPERATIVE_LIFECYCLE_H_
