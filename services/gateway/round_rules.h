// The rules of a reporting round (đợt báo cáo), plain C++: the per-unit state
// machine of submissions and the checks on a round's settings.
//
//   NOT_STARTED --submit--> SUBMITTED_ON_TIME | SUBMITTED_LATE
//   SUBMITTED_ON_TIME | SUBMITTED_LATE | RESUBMITTED --return--> RETURNED
//   RETURNED --submit--> RESUBMITTED
//   SUBMITTED_ON_TIME | SUBMITTED_LATE | RESUBMITTED --accept--> ACCEPTED
// Everything else is FAILED_PRECONDITION naming both states. ACCEPTED is final.
#ifndef HOPTAC_SERVICES_GATEWAY_ROUND_RULES_H_
#define HOPTAC_SERVICES_GATEWAY_ROUND_RULES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hoptac::gateway {

// A unit's state in a round (numbers of hoptac.gateway.v1.SubmissionState).
enum class UnitState {
  kNotStarted = 1,
  kSubmittedOnTime = 2,
  kSubmittedLate = 3,
  kReturned = 4,
  kResubmitted = 5,
  kAccepted = 6,
};

// "SUBMITTED_LATE (nộp muộn)", for error messages.
std::string StateName(UnitState state);

// The state as stored (1..6); INTERNAL for any other number.
absl::StatusOr<UnitState> UnitStateFromNumber(int number);

// The state after a new version is submitted at `submit_time`: on time when
// not after `deadline`. FAILED_PRECONDITION naming both states when `current`
// does not allow a submission (already submitted and not returned, accepted).
absl::StatusOr<UnitState> StateAfterSubmit(UnitState current, absl::Time submit_time,
                                           absl::Time deadline);

// The state after the province returns the current version.
absl::StatusOr<UnitState> StateAfterReturn(UnitState current);

// The state after the province accepts the current version.
absl::StatusOr<UnitState> StateAfterAccept(UnitState current);

// True for a version that is in and not returned: submitted (on time, late,
// again) or accepted. Completeness counts these.
bool CountsAsSubmitted(UnitState state);

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_ROUND_RULES_H_
