#include "services/gateway/round_status.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace hoptac::gateway {
namespace {

double Percent(int part, int whole) {
  if (whole <= 0) return 0;
  return 100.0 * part / whole;
}

}  // namespace

RoundStatusFigures ComputeRoundStatus(const std::vector<ExpectedUnitInfo>& expected,
                                      const std::vector<UnitProgress>& progress,
                                      const absl::flat_hash_set<std::string>& drafting) {
  absl::flat_hash_map<std::string, const UnitProgress*> by_code;
  for (const UnitProgress& p : progress) by_code[p.code] = &p;
  RoundStatusFigures out;
  out.expected = static_cast<int>(expected.size());
  for (const ExpectedUnitInfo& unit : expected) {
    UnitStatusRow row;
    row.unit = unit;
    row.progress.code = unit.code;
    if (auto it = by_code.find(unit.code); it != by_code.end()) row.progress = *it->second;
    const UnitProgress& p = row.progress;
    if (CountsAsSubmitted(p.state)) {
      ++out.submitted;
    } else {
      out.missing_units.push_back(unit);
    }
    if (p.first_submit_time.has_value()) {
      if (p.on_time) {
        ++out.on_time;
      } else {
        ++out.late;
      }
    }
    if (p.state == UnitState::kReturned) ++out.returned;
    if (p.state == UnitState::kAccepted) ++out.accepted;
    if (p.state == UnitState::kNotStarted && drafting.contains(unit.code)) {
      row.drafting = true;
      ++out.drafting;
    }
    out.units.push_back(std::move(row));
  }
  out.completeness_percent = Percent(out.submitted, out.expected);
  out.timeliness_percent = Percent(out.on_time, out.expected);
  return out;
}

}  // namespace hoptac::gateway
