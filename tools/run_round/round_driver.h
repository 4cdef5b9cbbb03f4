// The province's reporting round played end to end over gRPC (the main job of
// scripts/run-local.sh): the round opened in the gateway, every unit's report
// assembled and submitted in the report service and entered in the round
// (some late, one returned and resubmitted), everything accepted, the
// consolidated provincial report built and written to files.
#ifndef HOPTAC_TOOLS_RUN_ROUND_ROUND_DRIVER_H_
#define HOPTAC_TOOLS_RUN_ROUND_ROUND_DRIVER_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"

namespace hoptac::round {

struct RoundOptions {
  std::string province = "20";  // the province's code
  int year = 2023;
  std::string template_name = "templates/bao-cao-ke-hoach-115/versions/1";
  std::string request_letter =
      "Công văn số 3235/SKHĐT-ĐKKD ngày 04/12/2023 của Sở Kế hoạch và Đầu tư";
  std::string title = "Tổng hợp kết quả thực hiện Kế hoạch số 115/KH-UBND năm 2023";
  // One folder per unit with draft.textproto and narratives/ (template_files.h).
  std::vector<std::string> draft_dirs;
  // The deadline is this long after the round opens; the on-time units enter
  // within it, the late ones after it.
  absl::Duration deadline_window = absl::Seconds(3);
  int late_units = 2;
  std::string returned_unit;  // empty: the second on-time unit by code
  std::string return_reason =
      "Đề nghị bổ sung nguyên nhân của các tồn tại, hạn chế về nguồn lực hỗ trợ kinh tế tập thể.";
  // When not empty: a folder of unit officers' tokens, "unit-<code>.token"
  // (as scripts/run-local.sh writes them); each unit then creates, assembles
  // and submits its own report and hands it in to the round with its
  // officer's token. Empty: the process's token (a province admin) does all.
  std::string unit_token_dir;
  // Request ids start with this: a second run with the same prefix replays.
  std::string request_prefix = "main-job";
  // Output path without extension: <out>.md, <out>.docx, <out>.xlsx.
  std::string out;
};

struct RoundResult {
  hoptac::gateway::v1::ReportingRound round;
  bool reused = false;  // the round existed from an earlier run
  hoptac::gateway::v1::GetRoundStatusResponse status;
  std::vector<std::string> files;  // written
};

// Plays the round; progress lines (Vietnamese) go to `progress`.
absl::StatusOr<RoundResult> RunRound(const RoundOptions& options,
                                     hoptac::gateway::v1::GatewayService::StubInterface& gateway,
                                     hoptac::report::v1::ReportService::StubInterface& report,
                                     std::ostream& progress);

// The round's status as the province reads it: completeness, timeliness,
// one line per unit.
std::string DescribeStatus(const hoptac::gateway::v1::GetRoundStatusResponse& status);

}  // namespace hoptac::round

#endif  // HOPTAC_TOOLS_RUN_ROUND_ROUND_DRIVER_H_
