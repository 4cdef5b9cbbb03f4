// hoptac-run-round: plays a whole provincial reporting round over gRPC, as
// the province and its units would (scripts/run-local.sh's main job): opens
// the round in the gateway, has every unit whose draft folder is given
// assemble and submit its report, two of them after the deadline and one
// returned with a reason and resubmitted, accepts all, builds the
// consolidated provincial report and writes it as DOCX, Markdown and XLSX.
//
//   hoptac-run-round --gateway_address=127.0.0.1:50050 --report_address=127.0.0.1:50054
//     --draft_dirs=tests/fixtures/cao-loc-2023/report,.run/units/trang-dinh-2023/report,...
//     --out=out/lang-son-2023-tong-hop
//
// Calls go over mutual TLS (--tls_cert_file, --tls_key_file, --tls_ca_file, or
// --insecure) with the token of --bearer_token_file: a province admin's (the
// round is the province's duty). With --unit_token_dir, each unit prepares
// and hands in its report with its own officer's token (unit-<code>.token);
// without, the province admin does it for them.
//
// Request ids are fixed: a second run against the same databases finds the
// round of the first and replays every step without applying it twice.
// Prints the round's status and the files written. Exit status: 0 done, 1 a
// call failed (the message names the method and the gRPC status), 2 bad flags.
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "hoptac/gateway/v1/gateway_service.grpc.pb.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/client.h"
#include "services/common/config.h"
#include "tools/run_round/round_driver.h"

ABSL_FLAG(std::string, gateway_address, "127.0.0.1:50050", "The gateway, host:port.");
ABSL_FLAG(std::string, report_address, "127.0.0.1:50054", "The report service, host:port.");
ABSL_FLAG(std::string, province, "20", "Code of the province opening the round (Lạng Sơn: 20).");
ABSL_FLAG(int, year, 2023, "The year reported on.");
ABSL_FLAG(std::vector<std::string>, draft_dirs, {},
          "Report draft folders (draft.textproto, narratives/), one per unit, comma-separated.");
ABSL_FLAG(absl::Duration, deadline_window, absl::Seconds(3),
          "Time from opening the round to its deadline; on-time units submit within it.");
ABSL_FLAG(int, late_units, 2, "How many units (the last by code) submit after the deadline.");
ABSL_FLAG(std::string, returned_unit, "",
          "Code of the on-time unit whose report is returned and resubmitted; empty: the second.");
ABSL_FLAG(std::string, request_prefix, "main-job",
          "Prefix of every request id; another prefix opens another round.");
ABSL_FLAG(std::string, unit_token_dir, "",
          "Folder of unit officers' tokens, unit-<code>.token: each unit then prepares and "
          "hands in its own report with its officer's token; empty: the --bearer_token_file "
          "token (a province admin's) does all.");
ABSL_FLAG(std::string, out, "out/lang-son-2023-tong-hop",
          "Output path without extension: <out>.docx, <out>.md, <out>.xlsx.");

namespace {

constexpr char kUsage[] =
    "Plays a provincial reporting round through the gateway and the report service.\n"
    "  hoptac-run-round --gateway_address=HOST:PORT --report_address=HOST:PORT "
    "--draft_dirs=DIR,DIR,... --out=PATH\n"
    "  --tls_cert_file=CRT --tls_key_file=KEY --tls_ca_file=CA (or --insecure) "
    "--bearer_token_file=FILE";

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "hoptac-run-round: %s\n", message.c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  hoptac::ParseFlagsWithEnvironment(argc, argv, kUsage);
  hoptac::round::RoundOptions options;
  options.province = absl::GetFlag(FLAGS_province);
  options.year = absl::GetFlag(FLAGS_year);
  options.draft_dirs = absl::GetFlag(FLAGS_draft_dirs);
  options.deadline_window = absl::GetFlag(FLAGS_deadline_window);
  options.late_units = absl::GetFlag(FLAGS_late_units);
  options.returned_unit = absl::GetFlag(FLAGS_returned_unit);
  options.request_prefix = absl::GetFlag(FLAGS_request_prefix);
  options.out = absl::GetFlag(FLAGS_out);
  options.unit_token_dir = absl::GetFlag(FLAGS_unit_token_dir);
  if (options.draft_dirs.empty()) return Fail(2, "--draft_dirs is required");
  if (options.out.empty()) return Fail(2, "--out is required");
  if (options.deadline_window <= absl::ZeroDuration()) return Fail(2, "--deadline_window must be > 0");
  if (options.year != 2023) {
    // The letter and title name 2023; another year needs its own letter.
    options.request_letter = absl::StrCat("Công văn yêu cầu báo cáo năm ", options.year);
    options.title = absl::StrCat("Tổng hợp kết quả phát triển kinh tế tập thể năm ", options.year);
  }
  if (auto credentials = hoptac::ConfigureClientCredentials(); !credentials.ok()) {
    return Fail(2, std::string(credentials.status().message()));
  }
  const std::string gateway_address = absl::GetFlag(FLAGS_gateway_address);
  const std::string report_address = absl::GetFlag(FLAGS_report_address);
  for (const auto& [flag, address] : {std::pair{"gateway_address", gateway_address},
                                      std::pair{"report_address", report_address}}) {
    if (absl::Status s = hoptac::ValidateListenAddress(address); !s.ok()) {
      return Fail(2, absl::StrCat("--", flag, ": ", s.message()));
    }
  }

  namespace gw = hoptac::gateway::v1;
  namespace rp = hoptac::report::v1;
  auto gateway = gw::GatewayService::NewStub(
      hoptac::MakeServiceChannel(gateway_address, gw::GatewayService::service_full_name()));
  auto report = rp::ReportService::NewStub(
      hoptac::MakeServiceChannel(report_address, rp::ReportService::service_full_name()));
  auto result = hoptac::round::RunRound(options, *gateway, *report, std::cout);
  if (!result.ok()) return Fail(1, std::string(result.status().message()));
  std::cout << "\n" << hoptac::round::DescribeStatus(result->status) << "\nBáo cáo tổng hợp:\n";
  for (const std::string& file : result->files) std::cout << "  " << file << "\n";
  return 0;
}
