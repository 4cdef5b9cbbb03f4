// The one access policy every service enforces (issue 7): what each role may
// do, and where. A handler asks it once it knows which unit the request
// touches; "inside" means the caller's own unit or a unit below it on the
// date concerned (the caller resolves that through the registry's tree).
#ifndef HOPTAC_SERVICES_COMMON_AUTH_ACCESS_POLICY_H_
#define HOPTAC_SERVICES_COMMON_AUTH_ACCESS_POLICY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/auth/caller.h"

namespace hoptac {

enum class Access {
  kRead,        // Get, List, statistics, report assembly
  kWrite,       // creating and changing records, money movements, drafts, submissions
  kAdminister,  // province-wide duties: rounds, returning and accepting reports, audit
};

enum class Reach {
  kInside,   // the caller's unit or below it
  kOutside,  // anywhere else
};

// OK, or PERMISSION_DENIED naming the caller's role and unit and what it may
// not do, and nothing about the record itself.
absl::Status Authorize(const Caller& caller, Access access, Reach reach);

// Whether `caller` may do `access` with `reach` (the table behind Authorize).
bool Permits(Role role, Access access, Reach reach);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_ACCESS_POLICY_H_
