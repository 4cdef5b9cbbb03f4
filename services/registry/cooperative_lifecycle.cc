#include "services/registry/cooperative_lifecycle.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace hoptac::registry {
namespace {

// One row of the transition table: an action, the statuses it may start from
// and the status it leads to.
struct Transition {
  LifecycleAction action;
  std::vector<CooperativeStatus> from;
  CooperativeStatus to;
};

// Dissolution may start from a suspended cooperative too: one that stopped
// operating is often the one a district dissolves (giải thể bắt buộc).
const Transition* FindTransition(LifecycleAction action) {
  using A = LifecycleAction;
  using S = CooperativeStatus;
  // Leaked on purpose: no destructor runs at exit (Google style for statics).
  static const auto* const kTable = new std::vector<Transition>{
      {A::kSuspend, {S::kActive}, S::kSuspended},
      {A::kResume, {S::kSuspended}, S::kActive},
      {A::kStartDissolution, {S::kActive, S::kSuspended}, S::kDissolving},
      {A::kCompleteDissolution, {S::kDissolving}, S::kDissolved},
  };
  for (const Transition& t : *kTable) {
    if (t.action == action) return &t;
  }
  return nullptr;
}

absl::Status Forbidden(CooperativeStatus current, LifecycleAction action,
                       const Transition& transition) {
  std::string message = absl::StrCat(
      "cannot ", ActionName(action), " a cooperative that is ", StatusName(current), ": ",
      ActionName(action), " requires ",
      absl::StrJoin(transition.from, " or ", [](std::string* out, CooperativeStatus s) {
        out->append(StatusName(s));
      }));
  // Say why nothing helps, so nobody retries with another effective date.
  if (current == CooperativeStatus::kDissolved) absl::StrAppend(&message, "; dissolution is final");
  return absl::FailedPreconditionError(message);
}

}  // namespace

absl::StatusOr<CooperativeStatus> NextStatus(CooperativeStatus current, LifecycleAction action) {
  const Transition* transition = FindTransition(action);
  if (transition == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("action: unknown lifecycle action ", static_cast<int>(action)));
  }
  if (!IsKnown(current)) {
    return absl::InternalError(
        absl::StrCat("cooperative status ", static_cast<int>(current), " is unknown"));
  }
  for (const CooperativeStatus from : transition->from) {
    if (from == current) return transition->to;
  }
  return Forbidden(current, action, *transition);
}

const char* ActionName(LifecycleAction action) {
  switch (action) {
    case LifecycleAction::kSuspend: return "suspend";
    case LifecycleAction::kResume: return "resume";
    case LifecycleAction::kStartDissolution: return "start dissolution";
    case LifecycleAction::kCompleteDissolution: return "complete dissolution";
  }
  return "unknown action";
}

}  // namespace hoptac::registry
