#include "services/common/sql_values.h"

#include "absl/strings/str_format.h"

namespace hoptac {

std::string SqlDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay ParseSqlDate(absl::string_view text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text.substr(0, 10), &day)) return kSqlMinDay;
  return day;
}

std::string SqlTimestamp(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", time, absl::UTCTimeZone());
}

absl::Time ParseSqlTimestamp(absl::string_view text) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", std::string(text), absl::UTCTimeZone(), &time,
                       &error)) {
    return absl::UnixEpoch();
  }
  return time;
}

}  // namespace hoptac
