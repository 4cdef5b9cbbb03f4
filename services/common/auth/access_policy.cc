#include "services/common/auth/access_policy.h"

#include "absl/strings/str_cat.h"

namespace hoptac {
namespace {

absl::string_view Verb(Access access) {
  switch (access) {
    case Access::kRead:
      return "read";
    case Access::kWrite:
      return "change";
    case Access::kAdminister:
      return "administer";
  }
  return "use";
}

}  // namespace

bool Permits(Role role, Access access, Reach reach) {
  const bool inside = reach == Reach::kInside;
  switch (role) {
    case Role::kProvinceAdmin:
      // Reads everything; changes and administers within its province.
      return access == Access::kRead || inside;
    case Role::kUnitOfficer:
    case Role::kService:
      return access != Access::kAdminister && inside;
    case Role::kViewer:
    case Role::kIntegrationClient:
      // An integration client's unit is its province: it reads across it.
      return access == Access::kRead && inside;
  }
  return false;
}

absl::Status Authorize(const Caller& caller, Access access, Reach reach) {
  if (Permits(caller.role, access, reach)) return absl::OkStatus();
  const bool role_never_may = !Permits(caller.role, access, Reach::kInside);
  if (role_never_may) {
    return absl::PermissionDeniedError(
        absl::StrCat("role ", RoleName(caller.role), " may not ", Verb(access), " records"));
  }
  return absl::PermissionDeniedError(absl::StrCat("role ", RoleName(caller.role), " of orgUnits/",
                                                  caller.org_unit, " may not ", Verb(access),
                                                  " records outside its unit"));
}

}  // namespace hoptac
