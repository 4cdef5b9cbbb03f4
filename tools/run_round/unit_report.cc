#include "tools/run_round/unit_report.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "tools/run_round/grpc_call.h"

namespace hoptac::round {

namespace rp = ::hoptac::report::v1;
using Stub = rp::ReportService::StubInterface;

absl::Status UnitReport::CreateDraft(const rp::ReportDraft& draft) {
  rp::CreateReportDraftRequest request;
  *request.mutable_draft() = draft;
  request.set_request_id(absl::StrCat(request_prefix_, "/draft"));
  HOPTAC_ASSIGN_OR_RETURN(auto created,
                          Call("CreateReportDraft", report_, &Stub::CreateReportDraft, request,
                               token_));
  draft_name_ = created.draft().name();
  return absl::OkStatus();
}

absl::StatusOr<rp::ReportSnapshot> UnitReport::AssembleAndSubmit(int version) {
  rp::AssembleReportRequest assemble;
  assemble.set_name(draft_name_);
  HOPTAC_RETURN_IF_ERROR(
      Call("AssembleReport", report_, &Stub::AssembleReport, assemble, token_).status());
  rp::SubmitReportRequest submit;
  submit.set_name(draft_name_);
  submit.set_request_id(absl::StrCat(request_prefix_, "/report-v", version));
  HOPTAC_ASSIGN_OR_RETURN(auto submitted,
                          Call("SubmitReport", report_, &Stub::SubmitReport, submit, token_));
  return submitted.snapshot();
}

absl::Status UnitReport::AmendNarrative(const std::string& slot, const std::string& addition) {
  rp::GetReportDraftRequest get;
  get.set_name(draft_name_);
  HOPTAC_ASSIGN_OR_RETURN(auto current,
                          Call("GetReportDraft", report_, &Stub::GetReportDraft, get, token_));
  rp::UpdateReportDraftRequest update;
  rp::ReportDraft& draft = *update.mutable_draft();
  draft.set_name(draft_name_);
  draft.set_etag(current.draft().etag());
  bool found = false;
  for (const rp::NarrativeText& n : current.draft().narratives()) {
    rp::NarrativeText& copy = *draft.add_narratives();
    copy = n;
    if (n.slot() != slot) continue;
    found = true;
    if (absl::StrContains(n.text(), addition)) return absl::OkStatus();  // amended already
    copy.set_text(absl::StrCat(n.text(), n.text().empty() ? "" : "\n\n", addition));
  }
  if (!found) {
    rp::NarrativeText& added = *draft.add_narratives();
    added.set_slot(slot);
    added.set_text(addition);
  }
  update.mutable_update_mask()->add_paths("narratives");
  return Call("UpdateReportDraft", report_, &Stub::UpdateReportDraft, update, token_).status();
}

}  // namespace hoptac::round
