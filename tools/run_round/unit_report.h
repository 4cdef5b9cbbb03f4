// A unit's side of the round, in the report service: its draft, assembled
// and frozen into a snapshot (nộp báo cáo), and amended after a return.
// Every write carries a request_id, so a second run gets the first results.
// The calls carry the unit officer's token when one is given, else the
// process's (a province admin may act for any unit of the province).
#ifndef HOPTAC_TOOLS_RUN_ROUND_UNIT_REPORT_H_
#define HOPTAC_TOOLS_RUN_ROUND_UNIT_REPORT_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"

namespace hoptac::round {

class UnitReport {
 public:
  // `request_prefix` makes this unit's request ids, e.g. "main-job/20/2023/180";
  // `token` is the unit officer's (empty: the process's token).
  UnitReport(hoptac::report::v1::ReportService::StubInterface& report, std::string request_prefix,
             std::string token = "")
      : report_(report), request_prefix_(std::move(request_prefix)), token_(std::move(token)) {}

  // Creates the draft (once: a retry returns the same draft).
  absl::Status CreateDraft(const hoptac::report::v1::ReportDraft& draft);

  // Assembles the draft (the official reads it) and submits it: the frozen
  // snapshot of `version` (1, then 2 after a return).
  absl::StatusOr<hoptac::report::v1::ReportSnapshot> AssembleAndSubmit(int version);

  // Appends `addition` as a new paragraph to the narrative `slot`, unless it
  // is there already (a second run).
  absl::Status AmendNarrative(const std::string& slot, const std::string& addition);

  const std::string& draft_name() const { return draft_name_; }
  const std::string& token() const { return token_; }

 private:
  hoptac::report::v1::ReportService::StubInterface& report_;
  const std::string request_prefix_;
  const std::string token_;
  std::string draft_name_;
};

}  // namespace hoptac::round

#endif  // HOPTAC_TOOLS_RUN_ROUND_UNIT_REPORT_H_
