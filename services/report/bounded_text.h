// Free text the report service stores, normalised (services/common/text.h)
// and bounded, so that hostile input is refused naming the field before
// anything is written.
#ifndef HOPTAC_SERVICES_REPORT_BOUNDED_TEXT_H_
#define HOPTAC_SERVICES_REPORT_BOUNDED_TEXT_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hoptac::report {

// Codes and keys ("BC", "trên").
inline constexpr size_t kMaxCodeCharacters = 64;
// Names, titles, one-line fields ("UBND HUYỆN CAO LỘC").
inline constexpr size_t kMaxLineCharacters = 500;
// Free text an official writes (a narrative, a template's subject lines).
inline constexpr size_t kMaxFreeTextBytes = 20'000;
// A template's whole body (the shipped one is about 14 kB).
inline constexpr size_t kMaxTemplateBodyBytes = 200'000;
// Entries of a repeated field (recipients, cited documents, slots, bindings).
inline constexpr int kMaxListEntries = 200;

// One line of text: NormalizeText, then at most `max_characters` Unicode
// characters; empty refused when `required`. INVALID_ARGUMENT names `field`.
absl::Status NormalizeLine(std::string& value, absl::string_view field, bool required,
                           size_t max_characters = kMaxLineCharacters);

// Text with line breaks: NormalizeMultilineText, then at most `max_bytes`
// bytes of UTF-8; empty refused when `required`.
absl::Status NormalizeParagraphs(std::string& value, absl::string_view field, bool required,
                                 size_t max_bytes = kMaxFreeTextBytes);

// INVALID_ARGUMENT naming `field` when a repeated field has more than
// kMaxListEntries entries.
absl::Status CheckListSize(int size, absl::string_view field);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_BOUNDED_TEXT_H_
