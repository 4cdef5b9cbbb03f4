// Text at the service boundary: valid UTF-8, normalised to NFC, trimmed.
#ifndef HOPTAC_SERVICES_COMMON_TEXT_H_
#define HOPTAC_SERVICES_COMMON_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace hoptac {

// Returns `value` in NFC with leading and trailing white space removed.
// INVALID_ARGUMENT naming `field` when `value` is not valid UTF-8 or holds a
// control character (tabs and line breaks included: use NormalizeMultilineText
// for free text).
absl::StatusOr<std::string> NormalizeText(absl::string_view value,
                                          absl::string_view field);

// As NormalizeText, but keeps line breaks and tabs inside the text (narratives,
// findings).
absl::StatusOr<std::string> NormalizeMultilineText(absl::string_view value,
                                                   absl::string_view field);

// Compares two NFC strings by Vietnamese collation rules (ICU "vi"): Ánh
// Dương before Ba Sơn, Dương Long before Đồng Đăng. <0, 0, >0 like strcmp.
int CompareVietnamese(absl::string_view a, absl::string_view b);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_TEXT_H_
