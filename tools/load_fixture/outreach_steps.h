// The outreach service's fixture files (outreach/*.jsonl) in load order.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_OUTREACH_STEPS_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_OUTREACH_STEPS_H_

#include <vector>

#include "hoptac/outreach/v1/outreach.grpc.pb.h"
#include "tools/load_fixture/fixture_step.h"

namespace hoptac::fixture {

// Activities (which may name registry cooperatives, so they load after the
// registry's files). `stub` must outlive the steps.
std::vector<FixtureStep> OutreachSteps(outreach::v1::OutreachService::StubInterface& stub);

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_OUTREACH_STEPS_H_
