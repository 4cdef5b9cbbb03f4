// How figures are written in a Vietnamese administrative report (the seed's
// conventions): counts below ten with two digits ("08"), qualified counts
// ("khoảng 120", "trên 40", "hơn 100"), money in millions of dong with a
// decimal comma ("292,5 triệu đồng"), dates without padding ("ngày 15/5/2023").
#ifndef HOPTAC_SERVICES_REPORT_VALUE_FORMAT_H_
#define HOPTAC_SERVICES_REPORT_VALUE_FORMAT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace hoptac::report {

// How exact a count is (hoptac.report.v1.CountQualifier numbers).
enum class Qualifier { kExact = 1, kAbout = 2, kOver = 3 };

// "205", "1.234" (dot groups thousands).
std::string FormatCount(int64_t value);

// As FormatCount, with two digits below ten: "08", "00".
std::string FormatCount2(int64_t value);

// "khoảng 120", "trên 40" (or `over_word` "hơn" → "hơn 100"), exact "30" and
// exact below ten "06".
std::string FormatQualifiedCount(int64_t value, Qualifier qualifier,
                                 absl::string_view over_word = "trên");

// Dong as millions: 292'500'000 → "292,5 triệu đồng", 120'000'000 → "120 triệu
// đồng", 1'234'000'000 → "1.234 triệu đồng". Exact: no rounding, trailing zeros
// of the fraction dropped.
std::string FormatMoneyMillion(int64_t dong);

// "15/5/2023".
std::string FormatShortDate(absl::CivilDay day);

// "ngày 15/5/2023".
std::string FormatDate(absl::CivilDay day);

}  // namespace hoptac::report

#endif  // HOPTAC_SERVICES_REPORT_VALUE_FORMAT_H_
