#include "services/outreach/activity.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/text.h"

namespace hoptac::outreach {
namespace {

size_t CodePoints(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

bool IsRegistrationNumber(const std::string& s) {
  if (s.size() == 10) return AllDigits(s);
  return s.size() == 14 && s[10] == '-' && AllDigits(std::string_view(s).substr(0, 10)) &&
         AllDigits(std::string_view(s).substr(11));
}

absl::Status Invalid(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

absl::Status NormalizeInPlace(std::string& value, absl::string_view field, size_t max_chars) {
  auto normalized = NormalizeText(value, field);
  if (!normalized.ok()) return normalized.status();
  value = *std::move(normalized);
  if (CodePoints(value) > max_chars) {
    return Invalid(field, absl::StrCat("at most ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status NormalizeList(std::vector<std::string>& values, absl::string_view field,
                           size_t max_chars) {
  if (values.size() > kMaxListEntries) {
    return Invalid(field, absl::StrCat("at most ", kMaxListEntries, " entries"));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string name = absl::StrCat(field, "[", i, "]");
    if (auto s = NormalizeInPlace(values[i], name, max_chars); !s.ok()) return s;
    if (values[i].empty()) return Invalid(name, "empty");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateActivityFields(ActivityFields& f) {
  if (f.kind < 1 || f.kind > kMaxActivityKind) return Invalid("kind", "required");
  if (f.channel < 1 || f.channel > kMaxChannel) return Invalid("channel", "required");
  if (f.topics.empty()) return Invalid("topics", "at least one topic");
  std::sort(f.topics.begin(), f.topics.end());
  for (int topic : f.topics) {
    if (topic < 1 || topic > kMaxTopic) return Invalid("topics", "unknown topic");
  }
  if (std::adjacent_find(f.topics.begin(), f.topics.end()) != f.topics.end()) {
    return Invalid("topics", "repeated topic");
  }
  if (auto s = NormalizeInPlace(f.title, "title", kMaxTitleChars); !s.ok()) return s;
  if (f.title.empty()) return Invalid("title", "required");
  if (f.org_unit_code.size() < 2 || f.org_unit_code.size() > 5 || !AllDigits(f.org_unit_code)) {
    return Invalid("org_unit_code", "2 to 5 digits");
  }
  if (f.end_date < f.start_date) return Invalid("end_date", "before start_date");
  if (auto s = NormalizeInPlace(f.location, "location", kMaxLocationChars); !s.ok()) return s;
  if (auto s = NormalizeList(f.co_organizers, "co_organizers", kMaxReferenceChars); !s.ok()) {
    return s;
  }
  if (auto s = NormalizeList(f.document_references, "document_references", kMaxReferenceChars);
      !s.ok()) {
    return s;
  }
  if (f.quantity < 1 || f.quantity > kMaxCount) {
    return Invalid("quantity", absl::StrCat("1 to ", kMaxCount));
  }
  std::set<int> kinds;
  for (size_t i = 0; i < f.participants.size(); ++i) {
    const ParticipantCount& p = f.participants[i];
    const std::string name = absl::StrCat("participants[", i, "]");
    if (p.kind < 1 || p.kind > kMaxParticipantKind) {
      return Invalid(absl::StrCat(name, ".kind"), "required");
    }
    if (!kinds.insert(p.kind).second) return Invalid(absl::StrCat(name, ".kind"), "repeated");
    if (p.count.value < 0 || p.count.value > kMaxCount) {
      return Invalid(absl::StrCat(name, ".count.value"), absl::StrCat("0 to ", kMaxCount));
    }
  }
  auto& coops = f.cooperative_registration_numbers;
  if (coops.size() > kMaxListEntries) {
    return Invalid("cooperative_registration_numbers", "too many entries");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < coops.size(); ++i) {
    const std::string name = absl::StrCat("cooperative_registration_numbers[", i, "]");
    coops[i] = std::string(absl::StripAsciiWhitespace(coops[i]));
    if (!IsRegistrationNumber(coops[i])) return Invalid(name, "10 digits, optionally -NNN");
    if (!seen.insert(coops[i]).second) return Invalid(name, "repeated");
  }
  return absl::OkStatus();
}

std::vector<RowError> ValidateRows(std::vector<ActivityFields>& rows,
                                   const std::string& list_field) {
  std::vector<RowError> errors;
  for (size_t i = 0; i < rows.size(); ++i) {
    absl::Status status = ValidateActivityFields(rows[i]);
    if (status.ok()) continue;
    const std::string message(status.message());
    const std::string field = message.substr(0, message.find(':'));
    const std::string prefix = absl::StrCat(list_field, "[", i, "].");
    errors.push_back({static_cast<int>(i), prefix + field, prefix + message});
  }
  return errors;
}

std::map<QuantityKey, int64_t> SumQuantities(const std::vector<ActivityFields>& activities) {
  std::map<QuantityKey, int64_t> sums;
  for (const ActivityFields& a : activities) {
    for (int topic : a.topics) sums[{a.kind, a.channel, topic}] += a.quantity;
  }
  return sums;
}

absl::StatusOr<std::map<int, QualifiedCount>> SumParticipants(
    const std::vector<ActivityFields>& activities) {
  std::map<int, QualifiedCount> sums;
  for (const ActivityFields& a : activities) {
    for (const ParticipantCount& p : a.participants) {
      auto it = sums.find(p.kind);
      if (it == sums.end()) {
        sums.emplace(p.kind, p.count);
        continue;
      }
      auto sum = Add(it->second, p.count);
      if (!sum.ok()) return sum.status();
      it->second = *sum;
    }
  }
  return sums;
}

}  // namespace hoptac::outreach
