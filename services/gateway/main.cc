// hoptac-gateway: the province's reporting rounds, submissions and the
// consolidated provincial report; gRPC and HTTP/JSON.
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/access_gate.h"
#include "services/common/config.h"
#include "services/common/proto_date.h"
#include "services/common/registry_client.h"
#include "services/common/service_main.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gateway_migrations.h"
#include "services/gateway/gateway_service.h"
#include "services/gateway/gateway_store.h"
#include "services/gateway/http_gateway.h"
#include "services/gateway/province_reads.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/round_sources.h"

ABSL_FLAG(std::string, report_address, "127.0.0.1:50054",
          "host:port of the report service (hoptac.report.v1.ReportService).");
ABSL_FLAG(std::string, subsidy_address, "127.0.0.1:50052",
          "host:port of the subsidy service (hoptac.subsidy.v1.SubsidyService).");
ABSL_FLAG(std::string, outreach_address, "127.0.0.1:50053",
          "host:port of the outreach service (hoptac.outreach.v1.OutreachService).");
ABSL_FLAG(int, http_port, 8080,
          "Port of the HTTP/JSON endpoint, on the --listen host; 0 turns it off. HTTPS with "
          "--tls_cert_file and --tls_key_file; plain HTTP only with --insecure.");
ABSL_FLAG(double, rate_limit_per_second, 20,
          "Calls per second each caller (token subject; address when unauthenticated) may make "
          "over gRPC and HTTP together; 0 turns the limit off.");
ABSL_FLAG(int, rate_limit_burst, 40, "Calls a caller may make at once before the rate applies.");

namespace hoptac::gateway {
namespace {

constexpr char kServiceName[] = "hoptac.gateway.v1.GatewayService";
constexpr int kDefaultPort = 50050;

absl::StatusOr<std::string> AddressSetting(const std::string& value, const char* flag) {
  if (absl::Status valid = ValidateListenAddress(value); !valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("setting --", flag, " (",
                                                   EnvironmentNameForFlag(flag),
                                                   "): ", valid.message()));
  }
  return value;
}

absl::StatusOr<int> HttpPortSetting() {
  const int port = absl::GetFlag(FLAGS_http_port);
  if (port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("setting --http_port (",
                                                   EnvironmentNameForFlag("http_port"),
                                                   "): ", port, " is not a port"));
  }
  return port;
}

// The host part of "host:port" / "[v6]:port".
std::string ListenHost(const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

int Run() {
  auto registry_address = RegistryAddressSetting();
  if (!registry_address.ok()) return StartupFailed(registry_address.status());
  auto report_address = AddressSetting(absl::GetFlag(FLAGS_report_address), "report_address");
  if (!report_address.ok()) return StartupFailed(report_address.status());
  auto subsidy_address = AddressSetting(absl::GetFlag(FLAGS_subsidy_address), "subsidy_address");
  if (!subsidy_address.ok()) return StartupFailed(subsidy_address.status());
  auto outreach_address =
      AddressSetting(absl::GetFlag(FLAGS_outreach_address), "outreach_address");
  if (!outreach_address.ok()) return StartupFailed(outreach_address.status());
  auto http_port = HttpPortSetting();
  if (!http_port.ok()) return StartupFailed(http_port.status());
  auto rate_limit = CheckedRateLimit(absl::GetFlag(FLAGS_rate_limit_per_second),
                                     absl::GetFlag(FLAGS_rate_limit_burst));
  if (!rate_limit.ok()) return StartupFailed(rate_limit.status());
  auto process = OpenServiceProcess(kDefaultPort, GatewayMigrations());
  if (!process.ok()) return StartupFailed(process.status());
  GatewayStore store(*process->database);
  std::unique_ptr<RoundSources> sources = MakeGrpcRoundSources(*registry_address, *report_address);
  std::unique_ptr<ProvinceReads> reads =
      MakeGrpcProvinceReads({*registry_address, *subsidy_address, *outreach_address});
  Gateway gateway(store, *sources, *reads);
  RegistryClient registry(*registry_address);
  AccessGate gate(kServiceName, process->database.get(), registry, TodayInVietnam);
  RateLimiter limiter(*rate_limit);
  GatewayService service(gateway, gate, &limiter);
  GatewayService relayed_from_http(gateway, gate, &limiter);
  std::unique_ptr<HttpGateway> http;
  if (*http_port != 0 && process->migration_mode != MigrationMode::kOnly) {
    HttpGateway::Options options;
    options.host = ListenHost(process->settings.listen_address);
    options.port = *http_port;
    options.service = &relayed_from_http;
    options.transport = process->transport;
    options.limiter = &limiter;
    auto started = HttpGateway::Start(std::move(options));
    if (!started.ok()) return StartupFailed(started.status());
    http = *std::move(started);
  }
  const int code = ServeUntilStopped(*process, kServiceName, {&service});
  http.reset();  // stop HTTP after gRPC has drained
  return code;
}

}  // namespace
}  // namespace hoptac::gateway

int main(int argc, char** argv) {
  hoptac::InitServiceProcess(
      argc, argv, "gateway",
      "hoptac-gateway: reporting rounds, submissions and the consolidated provincial report, over gRPC and HTTP/JSON. Every flag can be set from the environment as HOPTAC_<FLAG IN CAPITALS>.");
  return hoptac::gateway::Run();
}
