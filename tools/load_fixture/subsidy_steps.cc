#include "tools/load_fixture/subsidy_steps.h"

namespace hoptac::fixture {

std::vector<FixtureStep> SubsidySteps(subsidy::v1::SubsidyService::StubInterface& stub) {
  using Stub = subsidy::v1::SubsidyService::StubInterface;
  return {
      MakeStep("subsidy/programs.jsonl", "CreateProgram", stub, &Stub::CreateProgram),
      MakeStep("subsidy/beneficiaries.jsonl", "CreateBeneficiary", stub, &Stub::CreateBeneficiary),
      MakeStep("subsidy/applications.jsonl", "ApplyForGrant", stub, &Stub::ApplyForGrant),
      MakeStep("subsidy/approvals.jsonl", "ApproveGrant", stub, &Stub::ApproveGrant),
      MakeStep("subsidy/rejections.jsonl", "RejectGrant", stub, &Stub::RejectGrant),
      MakeStep("subsidy/disbursements.jsonl", "RecordDisbursement", stub,
               &Stub::RecordDisbursement),
      MakeStep("subsidy/disbursement_batches.jsonl", "RecordDisbursementBatch", stub,
               &Stub::RecordDisbursementBatch),
  };
}

}  // namespace hoptac::fixture
