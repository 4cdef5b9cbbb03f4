// hoptac.common.v1.Date / DateRange <-> absl::CivilDay / Period.
#ifndef HOPTAC_SERVICES_COMMON_PROTO_DATE_H_
#define HOPTAC_SERVICES_COMMON_PROTO_DATE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "hoptac/common/v1/date.pb.h"
#include "services/common/period.h"

namespace hoptac {

// INVALID_ARGUMENT naming `field` when the date is unset or not a real day.
absl::StatusOr<absl::CivilDay> DayFromProto(const common::v1::Date& date,
                                            absl::string_view field);
// nullopt when the date is unset (all zero); an error when it is set but wrong.
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromProto(
    const common::v1::Date& date, absl::string_view field);
void DayToProto(absl::CivilDay day, common::v1::Date* out);

// INVALID_ARGUMENT naming "<field>.start_date" / "<field>.end_date".
absl::StatusOr<Period> PeriodFromProto(const common::v1::DateRange& range,
                                       absl::string_view field);
void PeriodToProto(const Period& period, common::v1::DateRange* out);

// Today's date in Vietnam (UTC+7), where "today" matters for effective dates.
absl::CivilDay TodayInVietnam();

}  // namespace hoptac

#endif  // HOPTAC_SERVICES_COMMON_PROTO_DATE_H_
