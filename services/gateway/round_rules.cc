#include "services/gateway/round_rules.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace hoptac::gateway {
namespace {

absl::Status Forbidden(absl::string_view action, UnitState from, absl::string_view to) {
  return absl::FailedPreconditionError(absl::StrCat("cannot ", action, ": the unit is ",
                                                    StateName(from), ", and ", to,
                                                    " is not allowed from it"));
}

}  // namespace

std::string StateName(UnitState state) {
  switch (state) {
    case UnitState::kNotStarted: return "NOT_STARTED (chưa nộp)";
    case UnitState::kSubmittedOnTime: return "SUBMITTED_ON_TIME (nộp đúng hạn)";
    case UnitState::kSubmittedLate: return "SUBMITTED_LATE (nộp muộn)";
    case UnitState::kReturned: return "RETURNED (bị trả lại)";
    case UnitState::kResubmitted: return "RESUBMITTED (nộp lại)";
    case UnitState::kAccepted: return "ACCEPTED (đã tiếp nhận)";
  }
  return "UNKNOWN";
}

absl::StatusOr<UnitState> UnitStateFromNumber(int number) {
  if (number < 1 || number > 6) {
    return absl::InternalError(absl::StrCat("stored submission state ", number, " is unknown"));
  }
  return static_cast<UnitState>(number);
}

absl::StatusOr<UnitState> StateAfterSubmit(UnitState current, absl::Time submit_time,
                                           absl::Time deadline) {
  switch (current) {
    case UnitState::kNotStarted:
      return submit_time <= deadline ? UnitState::kSubmittedOnTime : UnitState::kSubmittedLate;
    case UnitState::kReturned:
      return UnitState::kResubmitted;
    default:
      return Forbidden("submit", current,
                       current == UnitState::kAccepted
                           ? "a new version (SUBMITTED)"
                           : "a new version before the province returns the current one "
                             "(SUBMITTED)");
  }
}

absl::StatusOr<UnitState> StateAfterReturn(UnitState current) {
  switch (current) {
    case UnitState::kSubmittedOnTime:
    case UnitState::kSubmittedLate:
    case UnitState::kResubmitted:
      return UnitState::kReturned;
    default:
      return Forbidden("return", current, StateName(UnitState::kReturned));
  }
}

absl::StatusOr<UnitState> StateAfterAccept(UnitState current) {
  switch (current) {
    case UnitState::kSubmittedOnTime:
    case UnitState::kSubmittedLate:
    case UnitState::kResubmitted:
      return UnitState::kAccepted;
    default:
      return Forbidden("accept", current, StateName(UnitState::kAccepted));
  }
}

bool CountsAsSubmitted(UnitState state) {
  return state == UnitState::kSubmittedOnTime || state == UnitState::kSubmittedLate ||
         state == UnitState::kResubmitted || state == UnitState::kAccepted;
}

}  // namespace hoptac::gateway
