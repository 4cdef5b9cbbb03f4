#include "services/common/text.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/coll.h"
#include "unicode/uchar.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/unistr.h"
#include "unicode/utf8.h"

namespace hoptac {
namespace {

// Checks that `value` is well-formed UTF-8 and has no control characters
// (C0, DEL, C1), allowing tab and line breaks when `multiline`.
absl::Status CheckCodePoints(absl::string_view value, absl::string_view field,
                             bool multiline) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  const int32_t length = static_cast<int32_t>(value.size());
  int32_t offset = 0;
  while (offset < length) {
    UChar32 c;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": not valid UTF-8 (byte ", offset - 1, ")"));
    }
    const bool allowed_space = multiline && (c == '\n' || c == '\r' || c == '\t');
    if ((c < 0x20 || (c >= 0x7f && c < 0xa0)) && !allowed_space) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": contains a control character (U+",
                       absl::Hex(c, absl::kZeroPad4), ")"));
    }
  }
  return absl::OkStatus();
}

// Strips leading and trailing code points with the Unicode White_Space
// property (U+00A0 no-break space included, which ICU's trim() keeps).
icu::UnicodeString TrimUnicodeWhiteSpace(const icu::UnicodeString& text) {
  int32_t start = 0;
  int32_t end = text.length();
  while (start < end && u_isUWhiteSpace(text.char32At(start))) {
    start = text.moveIndex32(start, 1);
  }
  while (end > start) {
    const int32_t previous = text.moveIndex32(end, -1);
    if (!u_isUWhiteSpace(text.char32At(previous))) break;
    end = previous;
  }
  return icu::UnicodeString(text, start, end - start);
}

absl::StatusOr<std::string> Normalize(absl::string_view value,
                                      absl::string_view field, bool multiline) {
  if (value.size() > (1u << 24)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": text too long"));
  }
  if (absl::Status s = CheckCodePoints(value, field, multiline); !s.ok()) return s;
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) {
    return absl::InternalError("ICU NFC normaliser unavailable");
  }
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
  icu::UnicodeString normalized = nfc->normalize(text, error);
  if (U_FAILURE(error)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": cannot be normalised to NFC"));
  }
  std::string out;
  TrimUnicodeWhiteSpace(normalized).toUTF8String(out);
  return out;
}

}  // namespace

absl::StatusOr<std::string> NormalizeText(absl::string_view value,
                                          absl::string_view field) {
  return Normalize(value, field, /*multiline=*/false);
}

absl::StatusOr<std::string> NormalizeMultilineText(absl::string_view value,
                                                   absl::string_view field) {
  return Normalize(value, field, /*multiline=*/true);
}

int CompareVietnamese(absl::string_view a, absl::string_view b) {
  // A Collator is not thread-safe for setters but compare() is const; one
  // shared instance, created once.
  static const icu::Collator* const collator = [] {
    UErrorCode error = U_ZERO_ERROR;
    icu::Collator* c = icu::Collator::createInstance(icu::Locale("vi"), error);
    return U_SUCCESS(error) ? c : nullptr;
  }();
  if (collator == nullptr) return a.compare(b);
  UErrorCode error = U_ZERO_ERROR;
  const UCollationResult r = collator->compareUTF8(
      icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
      icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), error);
  if (U_FAILURE(error)) return a.compare(b);
  return r == UCOL_LESS ? -1 : (r == UCOL_GREATER ? 1 : 0);
}

}  // namespace hoptac
