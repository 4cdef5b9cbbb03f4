#include "services/common/page_token.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/fingerprint.h"

namespace hoptac {
namespace {

constexpr char kSeparator = '\x1f';  // ASCII unit separator: never in input text

}  // namespace

std::string EncodePageToken(const std::vector<std::string>& position,
                            absl::string_view filters) {
  const std::string raw = absl::StrCat("1", std::string(1, kSeparator), Fingerprint(filters),
                                       std::string(1, kSeparator),
                                       absl::StrJoin(position, std::string(1, kSeparator)));
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view filters) {
  if (token.empty()) return std::vector<std::string>{};
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    return absl::InvalidArgumentError("page_token: not a token this service issued");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, kSeparator);
  if (parts.size() < 3 || parts[0] != "1") {
    return absl::InvalidArgumentError("page_token: not a token this service issued");
  }
  if (parts[1] != Fingerprint(filters)) {
    return absl::InvalidArgumentError(
        "page_token: was issued for other filters; repeat the request's filters unchanged");
  }
  return std::vector<std::string>(parts.begin() + 2, parts.end());
}

absl::StatusOr<int> EffectivePageSize(int requested, int default_size, int max_size) {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must not be negative (got ", requested, ")"));
  }
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace hoptac
