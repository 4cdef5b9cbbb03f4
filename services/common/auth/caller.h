// Who is calling: the identity a verified bearer token carries. Every
// service reads it from the token itself (no service trusts the network).
#ifndef HOPTAC_SERVICES_COMMON_AUTH_CALLER_H_
#define HOPTAC_SERVICES_COMMON_AUTH_CALLER_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hoptac {

// The roles of the access policy (access_policy.h). The token claim "role"
// carries the lower-case name.
enum class Role {
  kUnitOfficer,        // unit_officer (cán bộ đơn vị): reads and writes in its unit's subtree
  kProvinceAdmin,      // province_admin (quản trị cấp tỉnh): everything, rounds, acceptance
  kViewer,             // viewer: reads in its unit's subtree
  kIntegrationClient,  // integration_client: another IT system, reads across its province
  kService,            // service: a hoptac service acting on its own behalf (scheduled jobs)
};

absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

struct Caller {
  std::string subject;   // claim "sub": the person or system
  std::string org_unit;  // claim "org_unit": the official code of the caller's unit, e.g. "183"
  Role role = Role::kViewer;
  absl::Time expires;    // claim "exp"
  std::string token;     // the verified token, forwarded on calls made for this caller

  // "officer.caoloc (unit_officer, orgUnits/183)": what history and audit record.
  std::string Actor() const;
};

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_AUTH_CALLER_H_
