#include "services/report/value_format.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace hoptac::report {
namespace {

// Digits of a non-negative number grouped by dots: 1234567 → "1.234.567".
std::string GroupThousands(uint64_t value) {
  std::string digits = absl::StrCat(value);
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Signed(int64_t value, const std::string& magnitude) {
  return value < 0 ? absl::StrCat("-", magnitude) : magnitude;
}

uint64_t Magnitude(int64_t value) {
  return value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
}

}  // namespace

std::string FormatCount(int64_t value) {
  return Signed(value, GroupThousands(Magnitude(value)));
}

std::string FormatCount2(int64_t value) {
  if (value >= 0 && value < 10) return absl::StrCat("0", value);
  return FormatCount(value);
}

std::string FormatQualifiedCount(int64_t value, Qualifier qualifier,
                                 absl::string_view over_word) {
  switch (qualifier) {
    case Qualifier::kAbout:
      return absl::StrCat("khoảng ", FormatCount(value));
    case Qualifier::kOver:
      return absl::StrCat(over_word.empty() ? "trên" : over_word, " ", FormatCount(value));
    case Qualifier::kExact:
      break;
  }
  return FormatCount2(value);
}

std::string FormatMoneyMillion(int64_t dong) {
  const uint64_t magnitude = Magnitude(dong);
  std::string text = GroupThousands(magnitude / 1'000'000);
  uint64_t fraction = magnitude % 1'000'000;
  if (fraction != 0) {
    std::string digits = absl::StrCat(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&text, ",", digits);
  }
  return absl::StrCat(Signed(dong, text), " triệu đồng");
}

std::string FormatShortDate(absl::CivilDay day) {
  return absl::StrCat(day.day(), "/", day.month(), "/", day.year());
}

std::string FormatDate(absl::CivilDay day) { return absl::StrCat("ngày ", FormatShortDate(day)); }

}  // namespace hoptac::report
