// Who does what in the demonstration round (kịch bản đợt báo cáo), decided
// from the units' codes alone so that every run plays the same script: most
// units submit before the deadline, the last `late` (by code) after it, and
// one on-time unit is returned with a reason, amends its report and
// resubmits; the province then accepts everyone.
#ifndef HOPTAC_TOOLS_RUN_ROUND_ROUND_SCRIPT_H_
#define HOPTAC_TOOLS_RUN_ROUND_ROUND_SCRIPT_H_

#include <string>
#include <vector>

namespace hoptac::round {

struct RoundScript {
  std::vector<std::string> on_time;  // codes, submitted before the deadline
  std::vector<std::string> late;     // codes, submitted after it
  std::string returned;              // one of on_time, or empty
};

// `codes`: the units that have a report to submit. `returned` names the unit
// to return when it is among the on-time ones; empty picks the second on-time
// unit by code.
RoundScript PlanRoundScript(std::vector<std::string> codes, int late,
                            const std::string& returned);

}  // namespace hoptac::round

#endif  // HOPTAC_TOOLS_RUN_ROUND_ROUND_SCRIPT_H_
