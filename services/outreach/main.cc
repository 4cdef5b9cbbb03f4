// hoptac-outreach: communication and outreach activities.
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/config.h"
#include "services/common/database.h"
#include "services/common/log.h"
#include "services/common/migrations.h"
#include "services/common/mysql_dsn.h"
#include "services/common/registry_client.h"
#include "services/common/server.h"
#include "services/outreach/outreach_migrations.h"
#include "services/outreach/outreach_service.h"
#include "services/outreach/outreach_store.h"

ABSL_FLAG(std::string, registry_address, "127.0.0.1:50051",
          "host:port of the registry service (units and cooperatives are checked there).");

namespace hoptac::outreach {
namespace {

constexpr char kServiceName[] = "hoptac.outreach.v1.OutreachService";
constexpr int kDefaultPort = 50053;

int Run() {
  const absl::Time start = absl::Now();
  auto settings = ReadServerSettings(kDefaultPort);
  if (!settings.ok()) {
    LogLine(LogLevel::kError, "bad configuration").Add("error", settings.status().message());
    return 2;
  }
  auto dsn = ParseMysqlDsn(settings->mysql_dsn);
  if (!dsn.ok()) {
    LogLine(LogLevel::kError, "bad configuration")
        .Add("error", absl::StrCat("setting --mysql_dsn (HOPTAC_MYSQL_DSN): ",
                                   dsn.status().message()));
    return 2;
  }
  if (!settings->mysql_password.empty()) dsn->password = settings->mysql_password;
  DatabaseOptions options;
  options.dsn = *dsn;
  options.pool_size = settings->db_pool_size;
  Database database(options);
  LogLine(LogLevel::kInfo, "starting")
      .Add("database", dsn->Redacted())
      .Add("registry", absl::GetFlag(FLAGS_registry_address));

  auto migrated = ApplyMigrations(database, OutreachMigrations());
  if (!migrated.ok()) {
    LogLine(LogLevel::kError, "migrations failed").Add("error", migrated.status().message());
    return 1;
  }
  LogLine(LogLevel::kInfo, "schema ready")
      .Add("version", migrated->current_version)
      .Add("applied", static_cast<int64_t>(migrated->applied.size()));

  OutreachStore store(database);
  RegistryClient registry(absl::GetFlag(FLAGS_registry_address));
  OutreachService service(store, registry);
  ServiceServer server(*settings, kServiceName);
  server.AddService(&service);
  server.SetReadinessProbe(
      [&database] { return database.Ping(absl::Now() + absl::Seconds(2)); });
  LogLine(LogLevel::kInfo, "initialised")
      .Add("duration_ms", absl::ToDoubleMilliseconds(absl::Now() - start));
  if (absl::Status run = server.Run(); !run.ok()) {
    LogLine(LogLevel::kError, "server failed").Add("error", run.message());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace hoptac::outreach

int main(int argc, char** argv) {
  hoptac::BlockTerminationSignals();
  hoptac::SetLogServiceName("outreach");
  hoptac::ParseFlagsWithEnvironment(
      argc, argv,
      "hoptac-outreach: outreach activities and their statistics. Every flag can be set "
      "from the environment as HOPTAC_<FLAG IN CAPITALS>.");
  return hoptac::outreach::Run();
}
