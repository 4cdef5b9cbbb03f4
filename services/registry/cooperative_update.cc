#include "services/registry/cooperative_update.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/period.h"

namespace hoptac::registry {
namespace {

std::string ValueOf(const CooperativeFields& f, absl::string_view field) {
  if (field == "registration_number") return f.registration_number;
  if (field == "display_name") return f.display_name;
  if (field == "kind") return absl::StrCat(static_cast<int>(f.kind));
  if (field == "sector") return absl::StrCat(static_cast<int>(f.sector));
  if (field == "org_unit") return absl::StrCat("orgUnits/", f.org_unit_code);
  if (field == "address") return f.address;
  if (field == "establishment_date") return FormatDay(f.establishment_date);
  if (field == "member_count") return absl::StrCat(f.member_count);
  if (field == "employee_count") return absl::StrCat(f.employee_count);
  if (field == "charter_capital_dong") return absl::StrCat(f.charter_capital_dong);
  return "";
}

}  // namespace

const std::vector<std::string>& UpdatableCooperativeFields() {
  static const std::vector<std::string> fields = {
      "display_name",       "kind",         "sector",         "org_unit",
      "address",            "establishment_date", "member_count", "employee_count",
      "charter_capital_dong"};
  return fields;
}

absl::Status CheckUpdateMask(const std::vector<std::string>& mask) {
  if (mask.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: name the fields to change (", absl::StrJoin(UpdatableCooperativeFields(), ", "),
        ")"));
  }
  std::set<std::string> seen;
  const auto& allowed = UpdatableCooperativeFields();
  for (const std::string& field : mask) {
    if (std::find(allowed.begin(), allowed.end(), field) == allowed.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: '", field, "' cannot be updated; allowed: ", absl::StrJoin(allowed, ", ")));
    }
    if (!seen.insert(field).second) {
      return absl::InvalidArgumentError(absl::StrCat("update_mask: '", field, "' is repeated"));
    }
  }
  return absl::OkStatus();
}

void ApplyUpdateMask(const CooperativeFields& requested, const std::vector<std::string>& mask,
                     CooperativeFields& current) {
  for (const std::string& field : mask) {
    if (field == "display_name") current.display_name = requested.display_name;
    if (field == "kind") current.kind = requested.kind;
    if (field == "sector") current.sector = requested.sector;
    if (field == "org_unit") current.org_unit_code = requested.org_unit_code;
    if (field == "address") current.address = requested.address;
    if (field == "establishment_date") current.establishment_date = requested.establishment_date;
    if (field == "member_count") current.member_count = requested.member_count;
    if (field == "employee_count") current.employee_count = requested.employee_count;
    if (field == "charter_capital_dong") current.charter_capital_dong = requested.charter_capital_dong;
  }
}

std::vector<FieldChange> DiffCooperativeFields(const CooperativeFields& before,
                                               const CooperativeFields& after) {
  std::vector<FieldChange> changes;
  for (const std::string& field : UpdatableCooperativeFields()) {
    std::string old_value = ValueOf(before, field);
    std::string new_value = ValueOf(after, field);
    if (old_value != new_value) changes.push_back({field, std::move(old_value), std::move(new_value)});
  }
  return changes;
}

std::vector<FieldChange> InitialCooperativeFields(const CooperativeFields& fields) {
  std::vector<FieldChange> changes = {{"registration_number", "", fields.registration_number}};
  for (const std::string& field : UpdatableCooperativeFields()) {
    changes.push_back({field, "", ValueOf(fields, field)});
  }
  return changes;
}

}  // namespace hoptac::registry
