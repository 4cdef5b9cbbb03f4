#include "services/report/bounded_text.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/text.h"

namespace hoptac::report {
namespace {

// Characters of valid UTF-8: every byte but the continuation bytes.
size_t CharacterCount(absl::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// Checked before normalising, so that a megabyte is refused without being
// normalised; a limit in characters allows at most 4 bytes per character.
absl::Status CheckRawSize(absl::string_view value, absl::string_view field, size_t max_bytes,
                          absl::string_view limit) {
  if (value.size() <= max_bytes) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": too long (at most ", limit, ")"));
}

absl::Status Store(absl::StatusOr<std::string> normalized, std::string& value,
                   absl::string_view field, bool required) {
  if (!normalized.ok()) return normalized.status();
  if (required && normalized->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  value = *std::move(normalized);
  return absl::OkStatus();
}

}  // namespace

absl::Status NormalizeLine(std::string& value, absl::string_view field, bool required,
                           size_t max_characters) {
  const std::string limit = absl::StrCat(max_characters, " characters");
  if (absl::Status raw = CheckRawSize(value, field, 4 * max_characters, limit); !raw.ok()) {
    return raw;
  }
  auto normalized = NormalizeText(value, field);
  if (normalized.ok() && CharacterCount(*normalized) > max_characters) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": too long (at most ", limit, ")"));
  }
  return Store(std::move(normalized), value, field, required);
}

absl::Status NormalizeParagraphs(std::string& value, absl::string_view field, bool required,
                                 size_t max_bytes) {
  const std::string limit = absl::StrCat(max_bytes, " bytes");
  if (absl::Status raw = CheckRawSize(value, field, max_bytes, limit); !raw.ok()) return raw;
  auto normalized = NormalizeMultilineText(value, field);
  // NFC can lengthen a text (rarely): the limit holds for what is stored.
  if (normalized.ok() && normalized->size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": too long (at most ", limit, ")"));
  }
  return Store(std::move(normalized), value, field, required);
}

absl::Status CheckListSize(int size, absl::string_view field) {
  if (size <= kMaxListEntries) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": at most ", kMaxListEntries, " entries, got ", size));
}

}  // namespace hoptac::report
