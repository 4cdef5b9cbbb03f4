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
  MutationContext mutation;
  mutation.actor = call.actor;
  mutation.request_id = request_id;
  mutation.fingerprint = RequestFingerprint(request);
  mutation.audit = AccessGate::EventFor(call, /*resource=*/"", request_id);
  return mutation;
}

absl::StatusOr<CooperativeRecord> AuthorizedCooperative(AccessGate& gate, RegistryStore& store,
                                                        const grpc::ServerContextBase& context,
                                                        const CallContext& call, Access access,
                                                        const std::string& number) {
  HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord record, store.GetCooperative(number, call.deadline));
  HOPTAC_RETURN_IF_ERROR(gate.Check(context, call, access, record.fields.org_unit_code));
  return record;
}

absl::Status AuthorizeChange(AccessGate& gate, RegistryStore& store,
                             const grpc::ServerContextBase& context, const CallContext& call,
                             const std::string& number, MutationContext& mutation) {
  HOPTAC_ASSIGN_OR_RETURN(CooperativeRecord record,
                          AuthorizedCooperative(gate, store, context, call, Access::kWrite, number));
  mutation.authorized_org_unit = record.fields.org_unit_code;
  return absl::OkStatus();
}

absl::CivilDay ListingDay(RegistryStore& store, const std::string& code, absl::CivilDay today,
                          absl::Time deadline) {
  // A district the 2025 reform dissolved lists over its subtree on its last day.
  if (code.empty() || today <= kLastDayOfDistricts) return today;
  if (!absl::IsNotFound(store.GetOrgUnit(code, today, deadline).status())) return today;
  if (!store.GetOrgUnit(code, kLastDayOfDistricts, deadline).ok()) return today;
  return kLastDayOfDistricts;
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
