#include "services/registry/registry_service_support.h"

#include "absl/strings/str_cat.h"
#include "services/common/period.h"
#include "services/common/proto_date.h"
#include "services/common/request_log.h"
#include "services/common/text.h"

namespace hoptac::registry {

// Adds the request message's path to a domain error: "display_name: ..." from
// the domain becomes "cooperative.display_name: ...".
absl::Status Prefixed(const absl::Status& status, absl::string_view prefix) {
  if (status.ok() || status.code() != absl::StatusCode::kInvalidArgument) return status;
  return absl::InvalidArgumentError(absl::StrCat(prefix, status.message()));
}

absl::StatusOr<MutationContext> MutationOf(const CallContext& call,
                                           const google::protobuf::Message& request,
                                           const std::string& request_id) {
  HOPTAC_RETURN_IF_ERROR(ValidateRequestId(request_id));
  return MutationContext{call.actor, request_id, RequestFingerprint(request)};
}

absl::StatusOr<absl::CivilDay> AsOfDate(const common::v1::Date& date, absl::CivilDay today) {
  HOPTAC_ASSIGN_OR_RETURN(auto day, OptionalDayFromProto(date, "as_of_date"));
  return day.value_or(today);
}

// Normalises a free-text field in place; `required` rejects an empty value.
absl::Status NormalizeField(std::string& value, absl::string_view field, size_t max_chars,
                            bool required, bool multiline) {
  HOPTAC_ASSIGN_OR_RETURN(value, multiline ? NormalizeMultilineText(value, field)
                                           : NormalizeText(value, field));
  if (required && value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  size_t chars = 0;
  for (const char c : value) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars > max_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": at most ", max_chars, " characters (got ", chars, ")"));
  }
  return absl::OkStatus();
}

// A record's date: a real day, not in the future.
absl::StatusOr<absl::CivilDay> RecordDate(const common::v1::Date& date, absl::string_view field,
                                          absl::CivilDay today) {
  HOPTAC_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromProto(date, field));
  if (day > today) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", FormatDay(day), " is in the future"));
  }
  return day;
}

absl::Status CheckYear(int year, absl::string_view field, absl::CivilDay today) {
  if (year < 1900 || year > today.year()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be between 1900 and ", today.year(), " (got ", year, ")"));
  }
  return absl::OkStatus();
}

}  // namespace hoptac::registry
