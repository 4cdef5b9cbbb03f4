#include "tools/load_fixture/outreach_steps.h"

namespace hoptac::fixture {

std::vector<FixtureStep> OutreachSteps(outreach::v1::OutreachService::StubInterface& stub) {
  using Stub = outreach::v1::OutreachService::StubInterface;
  return {
      MakeStep("outreach/activities.jsonl", "CreateActivity", stub, &Stub::CreateActivity),
  };
}

}  // namespace hoptac::fixture
