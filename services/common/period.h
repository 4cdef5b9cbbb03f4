// Calendar days and reporting periods (kỳ báo cáo) shared by every service's
// statistics. Plain C++: the proto conversions live in proto_date.h.
#ifndef HOPTAC_SERVICES_COMMON_PERIOD_H_
#define HOPTAC_SERVICES_COMMON_PERIOD_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace hoptac {

// The days the system accepts at all. Older records than 1900 do not exist in
// the registry, and a bound far in the future keeps typos such as 20223 out of
// the database and of year arithmetic.
inline constexpr absl::CivilDay kEarliestDay{1900, 1, 1};
inline constexpr absl::CivilDay kLatestDay{2199, 12, 31};

// A reporting period of calendar days, inclusive on both ends: the year 2023
// is {2023-01-01, 2023-12-31}.
struct Period {
  absl::CivilDay start;
  absl::CivilDay end;
};

// Checks a calendar date given as year/month/day (as in the API's Date
// message). INVALID_ARGUMENT naming `field` (e.g. "establishment_date") when
// the date is unset (all zero), is not a real day (2023-02-30) or lies outside
// [kEarliestDay, kLatestDay].
absl::StatusOr<absl::CivilDay> MakeDay(int64_t year, int64_t month, int64_t day,
                                       absl::string_view field);

// INVALID_ARGUMENT naming "<field>.start_date" or "<field>.end_date" when a
// day lies outside [kEarliestDay, kLatestDay], or "<field>.end_date" when the
// period ends before it starts. A single-day period (start == end) is valid.
absl::StatusOr<Period> MakePeriod(absl::CivilDay start, absl::CivilDay end,
                                  absl::string_view field);

// Whether `day` falls in `period`, both ends included.
bool Contains(const Period& period, absl::CivilDay day);

// 1 January to 31 December of `year`.
Period CalendarYear(int year);

// ISO 8601 "2023-12-31", the form SQL DATE columns and logs use.
std::string FormatDay(absl::CivilDay day);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_PERIOD_H_
