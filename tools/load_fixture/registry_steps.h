// The registry's fixture files (registry/*.jsonl) in load order.
#ifndef HOPTAC_TOOLS_LOAD_FIXTURE_REGISTRY_STEPS_H_
#define HOPTAC_TOOLS_LOAD_FIXTURE_REGISTRY_STEPS_H_

#include <vector>

#include "hoptac/registry/v1/registry.grpc.pb.h"
#include "tools/load_fixture/fixture_step.h"

namespace hoptac::fixture {

// Cooperatives first, then their lifecycle changes in the order a life runs
// (suspension, dissolution started, dissolution completed), then the records
// kept on them. `stub` must outlive the steps.
std::vector<FixtureStep> RegistrySteps(registry::v1::RegistryService::StubInterface& stub);

}  // namespace hoptac::fixture

#endif  // HOPTAC_TOOLS_LOAD_FIXTURE_REGISTRY_STEPS_H_
