// The subsidy service's fixture files (subsidy/*.jsonl) in load order.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_SUBSIDY_STEPS_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_SUBSIDY_STEPS_H_

#include <vector>

#include "hoptac/subsidy/v1/subsidy.grpc.pb.h"
#include "tools/load_fixture/fixture_step.h"

namespace hoptac::fixture {

// Programs, beneficiaries, applications, decisions on them, then the money.
// `stub` must outlive the steps.
std::vector<FixtureStep> SubsidySteps(subsidy::v1::SubsidyService::StubInterface& stub);

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_SUBSIDY_STEPS_H_
