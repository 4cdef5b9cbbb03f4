#include "tools/load_fixture/registry_steps.h"

namespace hoptac::fixture {

std::vector<FixtureStep> RegistrySteps(registry::v1::RegistryService::StubInterface& stub) {
  using Stub = registry::v1::RegistryService::StubInterface;
  return {
      MakeStep("registry/cooperatives.jsonl", "CreateCooperative", stub, &Stub::CreateCooperative),
      MakeStep("registry/suspensions.jsonl", "SuspendCooperative", stub, &Stub::SuspendCooperative),
      MakeStep("registry/resumptions.jsonl", "ResumeCooperative", stub, &Stub::ResumeCooperative),
      MakeStep("registry/dissolutions_started.jsonl", "StartCooperativeDissolution", stub,
               &Stub::StartCooperativeDissolution),
      MakeStep("registry/dissolutions_completed.jsonl", "CompleteCooperativeDissolution", stub,
               &Stub::CompleteCooperativeDissolution),
      MakeStep("registry/inspections.jsonl", "RecordInspection", stub, &Stub::RecordInspection),
      MakeStep("registry/awards.jsonl", "RecordAward", stub, &Stub::RecordAward),
      MakeStep("registry/classifications.jsonl", "RecordClassification", stub,
               &Stub::RecordClassification),
      MakeStep("registry/annual_reports.jsonl", "RecordAnnualReport", stub,
               &Stub::RecordAnnualReport),
  };
}

}  // namespace hoptac::fixture
