// hoptac-report: report templates, drafts, assembly, rendering, snapshots.
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/auth/access_gate.h"
#include "services/common/config.h"
#include "services/common/proto_date.h"
#include "services/common/registry_client.h"
#include "services/common/service_main.h"
#include "services/report/report_migrations.h"
#include "services/report/report_service.h"
#include "services/report/report_store.h"
#include "services/report/statistics_sources.h"
#include "services/report/template_files.h"

ABSL_FLAG(std::string, subsidy_address, "127.0.0.1:50052",
          "host:port of the subsidy service (hoptac.subsidy.v1.SubsidyService).");
ABSL_FLAG(std::string, outreach_address, "127.0.0.1:50053",
          "host:port of the outreach service (hoptac.outreach.v1.OutreachService).");
ABSL_FLAG(std::string, report_templates_dir, "data/report-templates",
          "Folder of the shipped report templates, stored at start when absent.");

namespace hoptac::report {
namespace {

constexpr char kServiceName[] = "hoptac.report.v1.ReportService";
constexpr int kDefaultPort = 50054;

absl::StatusOr<std::string> AddressSetting(const std::string& value, const char* flag) {
  if (absl::Status valid = ValidateListenAddress(value); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("setting --", flag, " (",
                                                   EnvironmentNameForFlag(flag),
                                                   "): ", valid.message()));
  }
  return value;
}

absl::StatusOr<SourceAddresses> SourceSettings() {
  SourceAddresses out;
  auto registry = RegistryAddressSetting();
  if (!registry.ok()) return registry.status();
  auto subsidy = AddressSetting(absl::GetFlag(FLAGS_subsidy_address), "subsidy_address");
  if (!subsidy.ok()) return subsidy.status();
  auto outreach = AddressSetting(absl::GetFlag(FLAGS_outreach_address), "outreach_address");
  if (!outreach.ok()) return outreach.status();
  out.registry = *registry;
  out.subsidy = *subsidy;
  out.outreach = *outreach;
  return out;
}

// Stores every shipped template version the database does not have yet: the
// service acting on its own behalf at start, so no caller and no audit event.
absl::Status LoadShippedTemplates(ReportStore& store) {
  const std::string dir = absl::GetFlag(FLAGS_report_templates_dir);
  auto templates = LoadTemplateDirectory(dir);
  if (!templates.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("setting --report_templates_dir (",
                                                   EnvironmentNameForFlag("report_templates_dir"),
                                                   "): ", templates.status().message()));
  }
  for (const auto& t : *templates) {
    auto stored = store.EnsureTemplateVersion(t, absl::Now() + absl::Seconds(30));
    if (!stored.ok()) return stored.status();
  }
  return absl::OkStatus();
}

int Run() {
  auto sources = SourceSettings();
  if (!sources.ok()) return StartupFailed(sources.status());
  auto process = OpenServiceProcess(kDefaultPort, ReportMigrations());
  if (!process.ok()) return StartupFailed(process.status());
  ReportStore store(*process->database);
  if (absl::Status loaded = LoadShippedTemplates(store); !loaded.ok()) {
    return StartupFailed(loaded);
  }
  StatisticsSources statistics(*sources);
  RegistryClient registry(sources->registry);
  AccessGate gate(kServiceName, process->database.get(), registry, TodayInVietnam);
  ReportService service(store, statistics, registry, gate);
  return ServeUntilStopped(*process, kServiceName, {&service});
}

}  // namespace
}  // namespace hoptac::report

int main(int argc, char** argv) {
  hoptac::InitServiceProcess(
      argc, argv, "report",
      "hoptac-report: report templates, drafts, assembly and snapshots. Every flag can be set from the environment as HOPTAC_<FLAG IN CAPITALS>.");
  return hoptac::report::Run();
}
