// Resource names (AIP-122): "cooperatives/4900123456", "orgUnits/183".
#ifndef HOPTAC_SERVICES_COMMON_RESOURCE_NAME_H_
#define HOPTAC_SERVICES_COMMON_RESOURCE_NAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hoptac {

// The id in "<collection>/<id>". INVALID_ARGUMENT naming `field` when `name`
// is empty, of another collection, or has an empty or nested id.
absl::StatusOr<std::string> ParseResourceName(absl::string_view name,
                                              absl::string_view collection,
                                              absl::string_view field);

std::string ResourceName(absl::string_view collection, absl::string_view id);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_RESOURCE_NAME_H_
