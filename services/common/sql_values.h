// Dates and instants as MySQL text: DATE 'YYYY-MM-DD', TIMESTAMP(6)
// 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (every session runs with time_zone
// '+00:00'). Passing them as text keeps Connector/C++'s date types out of
// store code.
#ifndef HOPTAC_SERVICES_COMMON_SQL_VALUES_H_
#define HOPTAC_SERVICES_COMMON_SQL_VALUES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace hoptac {

// Open ends of validity intervals stored in NOT NULL DATE columns.
inline constexpr absl::CivilDay kSqlMinDay{1000, 1, 1};
inline constexpr absl::CivilDay kSqlMaxDay{9999, 12, 31};

std::string SqlDate(absl::CivilDay day);
// A DATE column's text; kSqlMinDay on malformed input (never expected).
absl::CivilDay ParseSqlDate(absl::string_view text);

std::string SqlTimestamp(absl::Time time);
absl::Time ParseSqlTimestamp(absl::string_view text);

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_SQL_VALUES_H_
