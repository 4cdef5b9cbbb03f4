// Opaque page tokens (AIP-158): the position after the last item returned,
// bound to the request's filters so that a token cannot be replayed with
// different ones.
#ifndef HOPTAC_SERVICES_COMMON_PAGE_TOKEN_H_
#define HOPTAC_SERVICES_COMMON_PAGE_TOKEN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hoptac {

// `position` holds the keys of the last item (e.g. its sort name and id);
// `filters` is any stable text describing the request's filters.
std::string EncodePageToken(const std::vector<std::string>& position,
                            absl::string_view filters);

// The position, or INVALID_ARGUMENT naming page_token when the token is
// malformed or was made for other filters. An empty token gives an empty
// position (the first page).
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view filters);

// page_size checked and defaulted: 0 -> `default_size`; above `max_size` ->
// `max_size`; negative -> INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> EffectivePageSize(int requested, int default_size, int max_size);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_PAGE_TOKEN_H_
