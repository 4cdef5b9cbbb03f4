// hoptac-report-render: sends a draft kept as files (template_files.h) to a
// running report service, assembles it and writes the Markdown and DOCX.
// scripts/run-local.sh uses it to write out/cao-loc-2023.{md,docx}.
//
//   hoptac-report-render --report_address=127.0.0.1:50054
//     --draft_dir=tests/fixtures/cao-loc-2023/report --out=out/cao-loc-2023
//     --tls_cert_file=client.crt --tls_key_file=client.key --tls_ca_file=ca.crt
//     --bearer_token_file=officer.token
//
// It calls over mutual TLS (the dev PKI's "client" certificate; plaintext
// only with --insecure) and sends the token of --bearer_token_file on every
// call: the report service authorizes that caller (kWrite on the draft's
// unit), and forwards the token to the data services it asks.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/grpcpp.h"
#include "hoptac/report/v1/report_service.grpc.pb.h"
#include "services/common/auth/client_credentials.h"
#include "services/common/client.h"
#include "services/common/config.h"
#include "services/report/template_files.h"

ABSL_FLAG(std::string, report_address, "127.0.0.1:50054", "The report service, host:port.");
ABSL_FLAG(std::string, draft_dir, "", "The draft folder (draft.textproto, narratives/).");
ABSL_FLAG(std::string, out, "", "Output path without extension: <out>.md and <out>.docx.");

namespace hoptac::report {
namespace {

int Fail(const std::string& what, const grpc::Status& status) {
  std::fprintf(stderr, "hoptac-report-render: %s: %s (%d)\n", what.c_str(),
               status.error_message().c_str(), static_cast<int>(status.error_code()));
  return 1;
}

// A deadline and the caller's token on every call.
void PrepareCall(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  AuthorizeClientCall(context);
}

int Run() {
  const std::string dir = absl::GetFlag(FLAGS_draft_dir);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (dir.empty() || out.empty()) {
    std::fprintf(stderr, "hoptac-report-render: --draft_dir and --out are required\n");
    return 2;
  }
  auto draft = LoadDraftDirectory(dir);
  if (!draft.ok()) {
    std::fprintf(stderr, "hoptac-report-render: %s\n", draft.status().ToString().c_str());
    return 2;
  }
  auto credentials = ConfigureClientCredentials();
  if (!credentials.ok()) {
    std::fprintf(stderr, "hoptac-report-render: %s\n", credentials.status().ToString().c_str());
    return 2;
  }
  if (credentials->bearer_token.empty()) {
    std::fprintf(stderr, "hoptac-report-render: --bearer_token_file is required (every call "
                         "names its caller)\n");
    return 2;
  }
  auto stub = v1::ReportService::NewStub(MakeServiceChannel(
      absl::GetFlag(FLAGS_report_address), v1::ReportService::service_full_name()));

  // The same files give the same request_id: a re-run reuses the draft.
  v1::CreateReportDraftRequest create;
  *create.mutable_draft() = *draft;
  const size_t content = std::hash<std::string>()(draft->SerializeAsString());
  create.set_request_id(absl::StrCat(
      "render/", std::filesystem::path(dir).lexically_normal().filename().string(), "/",
      absl::StrFormat("%016x", content)));
  v1::CreateReportDraftResponse created;
  grpc::ClientContext create_context;
  PrepareCall(create_context);
  if (grpc::Status s = stub->CreateReportDraft(&create_context, create, &created); !s.ok()) {
    return Fail("CreateReportDraft", s);
  }
  v1::AssembleReportRequest assemble;
  assemble.set_name(created.draft().name());
  v1::AssembleReportResponse assembled;
  grpc::ClientContext assemble_context;
  PrepareCall(assemble_context);
  if (grpc::Status s = stub->AssembleReport(&assemble_context, assemble, &assembled); !s.ok()) {
    return Fail("AssembleReport", s);
  }
  const std::filesystem::path base(out);
  if (base.has_parent_path()) std::filesystem::create_directories(base.parent_path());
  const std::string md = out + ".md";
  const std::string docx = out + ".docx";
  std::ofstream(md, std::ios::binary) << assembled.report().markdown();
  std::ofstream(docx, std::ios::binary) << assembled.report().docx();
  std::printf("%s\n%s\n", md.c_str(), docx.c_str());
  return 0;
}

}  // namespace
}  // namespace hoptac::report

int main(int argc, char** argv) {
  hoptac::ParseFlagsWithEnvironment(
      argc, argv,
      "hoptac-report-render: creates a draft from files on a running report service, assembles "
      "it and writes <out>.md and <out>.docx. TLS: --tls_cert_file, --tls_key_file, "
      "--tls_ca_file (or --insecure); the caller: --bearer_token_file.");
  return hoptac::report::Run();
}
