#include "services/common/period.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace hoptac {
namespace {

// The date as the caller wrote it, before any normalisation, so that an error
// shows "2023-02-30" rather than the day absl would turn it into.
std::string FormatParts(int64_t year, int64_t month, int64_t day) {
  return absl::StrFormat("%04d-%02d-%02d", year, month, day);
}

bool InSupportedRange(absl::CivilDay day) {
  return kEarliestDay <= day && day <= kLatestDay;
}

std::string OutOfRangeMessage(absl::string_view field, absl::string_view shown) {
  return absl::StrCat(field, ": ", shown, " is outside the supported range ",
                      FormatDay(kEarliestDay), " to ", FormatDay(kLatestDay));
}

}  // namespace

absl::StatusOr<absl::CivilDay> MakeDay(int64_t year, int64_t month, int64_t day,
                                       absl::string_view field) {
  if (year == 0 && month == 0 && day == 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  const std::string shown = FormatParts(year, month, day);
  // Range-check the parts before building a CivilDay: absl would silently
  // carry 2023-13-01 into 2024-01-01, and huge values could overflow.
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", shown, " is not a calendar day"));
  }
  if (year < kEarliestDay.year() || year > kLatestDay.year()) {
    return absl::InvalidArgumentError(OutOfRangeMessage(field, shown));
  }
  const absl::CivilDay result(year, month, day);
  // CivilDay normalises 2023-02-30 to 2023-03-02: a day that does not exist
  // in its month comes back different.
  if (result.month() != month || result.day() != day) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", shown, " is not a calendar day"));
  }
  return result;
}

absl::StatusOr<Period> MakePeriod(absl::CivilDay start, absl::CivilDay end,
                                  absl::string_view field) {
  const std::string start_field = absl::StrCat(field, ".start_date");
  const std::string end_field = absl::StrCat(field, ".end_date");
  if (!InSupportedRange(start)) {
    return absl::InvalidArgumentError(OutOfRangeMessage(start_field, FormatDay(start)));
  }
  if (!InSupportedRange(end)) {
    return absl::InvalidArgumentError(OutOfRangeMessage(end_field, FormatDay(end)));
  }
  if (start > end) {
    return absl::InvalidArgumentError(absl::StrCat(end_field, ": ", FormatDay(end),
                                                   " is before ", start_field, " ",
                                                   FormatDay(start)));
  }
  return Period{start, end};
}

bool Contains(const Period& period, absl::CivilDay day) {
  return period.start <= day && day <= period.end;
}

Period CalendarYear(int year) {
  return Period{absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31)};
}

std::string FormatDay(absl::CivilDay day) {
  return FormatParts(day.year(), day.month(), day.day());
}

}  // namespace hoptac
