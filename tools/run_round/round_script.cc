#include "tools/run_round/round_script.h"

#include <algorithm>
#include <string>
#include <vector>

namespace hoptac::round {

RoundScript PlanRoundScript(std::vector<std::string> codes, int late,
                            const std::string& returned) {
  std::sort(codes.begin(), codes.end());
  RoundScript script;
  const size_t late_count = std::min(codes.size(), static_cast<size_t>(std::max(late, 0)));
  script.on_time.assign(codes.begin(), codes.end() - static_cast<std::ptrdiff_t>(late_count));
  script.late.assign(codes.end() - static_cast<std::ptrdiff_t>(late_count), codes.end());
  if (std::find(script.on_time.begin(), script.on_time.end(), returned) != script.on_time.end()) {
    script.returned = returned;
  } else if (returned.empty() && !script.on_time.empty()) {
    script.returned = script.on_time[std::min<size_t>(1, script.on_time.size() - 1)];
  }
  return script;
}

}  // namespace hoptac::round
