#include "services/common/auth/caller.h"

#include "absl/strings/str_cat.h"

namespace hoptac {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kUnitOfficer:
      return "unit_officer";
    case Role::kProvinceAdmin:
      return "province_admin";
    case Role::kViewer:
      return "viewer";
    case Role::kIntegrationClient:
      return "integration_client";
    case Role::kService:
      return "service";
  }
  return "unknown";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role role : {Role::kUnitOfficer, Role::kProvinceAdmin, Role::kViewer,
                    Role::kIntegrationClient, Role::kService}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string Caller::Actor() const {
  return absl::StrCat(subject, " (", RoleName(role), ", orgUnits/", org_unit, ")");
}

}  // namespace hoptac
