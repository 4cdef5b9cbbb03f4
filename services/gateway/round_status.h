// A round's completeness and timeliness (tính đầy đủ, tính kịp thời), plain
// C++. Only expected units count: a record of any other unit is ignored, so
// neither figure can exceed 100%.
#ifndef HOPTAC_SERVICES_GATEWAY_ROUND_STATUS_H_
#define HOPTAC_SERVICES_GATEWAY_ROUND_STATUS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "services/gateway/round_rules.h"

namespace hoptac::gateway {

// A unit the round expects, in the order the round lists them (by code).
struct ExpectedUnitInfo {
  std::string code;
  std::string display_name;
};

// What the store knows of one unit in a round.
struct UnitProgress {
  std::string code;
  UnitState state = UnitState::kNotStarted;
  int versions = 0;
  std::optional<absl::Time> first_submit_time;
  bool on_time = false;  // the first version came before the deadline
  std::string return_reason;  // of the last return
};

struct UnitStatusRow {
  ExpectedUnitInfo unit;
  UnitProgress progress;
  bool drafting = false;  // not started here, a draft in the report service
};

struct RoundStatusFigures {
  int expected = 0;
  int submitted = 0;  // CountsAsSubmitted
  int on_time = 0;    // first version on time
  int late = 0;       // first version late
  int returned = 0;
  int accepted = 0;
  int drafting = 0;   // not started, with a draft
  double completeness_percent = 0;  // submitted / expected * 100
  double timeliness_percent = 0;    // on_time / expected * 100
  std::vector<UnitStatusRow> units;           // every expected unit, in order
  std::vector<ExpectedUnitInfo> missing_units;  // not submitted or returned
};

// `drafting`: codes of units holding a draft in the report service; it
// matters only for a unit that has not submitted (a draft is not a report).
RoundStatusFigures ComputeRoundStatus(const std::vector<ExpectedUnitInfo>& expected,
                                      const std::vector<UnitProgress>& progress,
                                      const absl::flat_hash_set<std::string>& drafting = {});

}  // namespace hoptac::gateway

#endif  // HOPTAC_SERVICES_GATEWAY_ROUND_STATUS_H_
