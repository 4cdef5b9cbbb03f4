// A 64-bit FNV-1a hash as 16 hex digits: tells texts apart (edited migrations,
// reused request ids, changed filters). Not for security.
#ifndef HOPTAC_SERVICES_COMMON_FINGERPRINT_H_
#define HOPTAC_SERVICES_COMMON_FINGERPRINT_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace hoptac {

inline std::string Fingerprint(absl::string_view text) {
  uint64_t hash = 1469598103934665603ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return absl::StrFormat("%016x", hash);
}

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_FINGERPRINT_H_
