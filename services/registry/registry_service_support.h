// Decoding and checking helpers shared by the registry's handler files.
#ifndef HOPTAC_SERVICES_REGISTRY_REGISTRY_SERVICE_SUPPORT_H_
#define HOPTAC_SERVICES_REGISTRY_REGISTRY_SERVICE_SUPPORT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/message.h"
#include "hoptac/common/v1/date.pb.h"
#include "services/common/auth/access_gate.h"
#include "services/common/call_context.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/registry/cooperative_records.h"
#include "services/registry/registry_store.h"

namespace hoptac::registry {

inline constexpr int kDefaultUnitPage = 100;
inline constexpr int kMaxUnitPage = 1000;
inline constexpr int kDefaultCooperativePage = 50;
inline constexpr int kMaxCooperativePage = 500;
inline constexpr int kDefaultEventPage = 100;
inline constexpr int kMaxEventPage = 1000;

// Adds the request message's path to a domain error: "display_name: ..." from
// the domain becomes "cooperative.display_name: ...".
absl::Status Prefixed(const absl::Status& status, absl::string_view prefix);

// Who mutates, with the request's idempotency key and fingerprint, and the
// audit event the change appends (the store names the resource).
absl::StatusOr<MutationContext> MutationOf(const CallContext& call,
                                           const google::protobuf::Message& request,
                                           const std::string& request_id);

// The cooperative `number` as stored now, for a caller who may do `access` in
// its unit: NOT_FOUND when there is none, PERMISSION_DENIED when the caller
// may not (and nothing about the cooperative).
absl::StatusOr<CooperativeRecord> AuthorizedCooperative(AccessGate& gate, RegistryStore& store,
                                                        const grpc::ServerContextBase& context,
                                                        const CallContext& call, Access access,
                                                        const std::string& number);

// A change of the cooperative `number`: the caller must write in its current
// unit; `mutation` then carries that unit, so that the store refuses the
// change if the cooperative moves before its row is locked.
absl::Status AuthorizeChange(AccessGate& gate, RegistryStore& store,
                             const grpc::ServerContextBase& context, const CallContext& call,
                             const std::string& number, MutationContext& mutation);

// The day a list "under `code`" resolves the unit on: today, or for a
// district the 2025 reform dissolved, its last day (30 June 2025), so that
// its officers still see their cooperatives.
absl::CivilDay ListingDay(RegistryStore& store, const std::string& code, absl::CivilDay today,
                          absl::Time deadline);

// as_of_date, or today when unset.
absl::StatusOr<absl::CivilDay> AsOfDate(const common::v1::Date& date, absl::CivilDay today);

// Normalises a free-text field in place; `required` rejects an empty value;
// at most `max_chars` code points.
absl::Status NormalizeField(std::string& value, absl::string_view field, size_t max_chars,
                            bool required, bool multiline = false);

// A record's date: a real day, not in the future.
absl::StatusOr<absl::CivilDay> RecordDate(const common::v1::Date& date, absl::string_view field,
                                          absl::CivilDay today);

// A year between 1900 and this year.
absl::Status CheckYear(int year, absl::string_view field, absl::CivilDay today);

// What every Record* request names: the cooperative and the idempotency key.
struct RecordTarget {
  MutationContext mutation;
  std::string registration_number;
};

template <typename Request>
absl::StatusOr<RecordTarget> RecordTargetOf(const CallContext& call, const Request& request) {
  RecordTarget target;
  HOPTAC_ASSIGN_OR_RETURN(target.mutation, MutationOf(call, request, request.request_id()));
  HOPTAC_ASSIGN_OR_RETURN(target.registration_number,
                          ParseResourceName(request.parent(), "cooperatives", "parent"));
  return target;
}

}  // namespace hoptac::registry

#endif  // HOPTAC_SERVICES_REGISTRY_REGISTRY_SERVICE_SUPPORT_H_
