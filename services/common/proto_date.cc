#include "services/common/proto_date.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/status_macros.h"

namespace hoptac {

absl::StatusOr<absl::CivilDay> DayFromProto(const common::v1::Date& date,
                                            absl::string_view field) {
  return MakeDay(date.year(), date.month(), date.day(), field);
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromProto(
    const common::v1::Date& date, absl::string_view field) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return std::optional<absl::CivilDay>();
  }
  HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromProto(date, field));
  return std::optional<absl::CivilDay>(day);
}

void DayToProto(absl::CivilDay day, common::v1::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

absl::StatusOr<Period> PeriodFromProto(const common::v1::DateRange& range,
                                       absl::string_view field) {
  HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay start,
                          DayFromProto(range.start_date(), absl::StrCat(field, ".start_date")));
  HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay end,
                          DayFromProto(range.end_date(), absl::StrCat(field, ".end_date")));
  return MakePeriod(start, end, field);
}

void PeriodToProto(const Period& period, common::v1::DateRange* out) {
  DayToProto(period.start, out->mutable_start_date());
  DayToProto(period.end, out->mutable_end_date());
}

absl::CivilDay TodayInVietnam() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 3600));
}

}  // namespace hoptac
