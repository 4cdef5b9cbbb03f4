#include "services/common/resource_name.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace hoptac {

absl::StatusOr<std::string> ParseResourceName(absl::string_view name,
                                              absl::string_view collection,
                                              absl::string_view field) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (!absl::StartsWith(name, prefix) || name.size() == prefix.size() ||
      absl::StrContains(name.substr(prefix.size()), "/")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": expected ", collection, "/{id}, got '", name.substr(0, 100), "'"));
  }
  return std::string(name.substr(prefix.size()));
}

std::string ResourceName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

}  // namespace hoptac
